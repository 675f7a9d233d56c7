package dev.nacosapp.dubbo.discovery.internal.config;

import java.util.concurrent.TimeUnit;

/**
 * The internal tunables in one place: timings, thread counts and thresholds that are not configuration keys, because
 * no application has needed to change them, but that a maintainer may want to see side by side. What a user may set
 * is a {@code ConfigKey}; what a protocol fixes (Nacos' port, data id rules, weight range) stays with the code that
 * follows it. Constants only.
 */
public final class Tunables {
    // Startup

    /** How often the startup check looks whether nacos-client has connected. */
    public static final long STARTUP_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /** Each probe connect and read; all probes together stay within {@link #PROBE_BUDGET_MILLIS}. */
    public static final int PROBE_STEP_MILLIS = 300;

    /** What all the startup check's port probes together may take, when no server answered. */
    public static final long PROBE_BUDGET_MILLIS = 2000;

    /** First pause between attempts of the registration an application starts with; doubles each time. */
    public static final long REGISTER_FIRST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** Longest pause between attempts of the registration an application starts with. */
    public static final long REGISTER_MAX_PAUSE_NANOS = TimeUnit.SECONDS.toNanos(1);

    // Retries

    /** First delay of a background retry of a registration or subscription; grows to retry-max-delay. */
    public static final long RETRY_FIRST_DELAY_MILLIS = 500;

    /** How often a waiting retry checks whether the client is connected again (a local flag). */
    public static final long RETRY_CONNECTION_POLL_MILLIS = 200;

    /** After this many failures only every 10th is logged, so a long refusal does not flood the log. */
    public static final int RETRY_LOUD_ATTEMPTS = 3;

    // Reconciliation

    /** How often the reconciler looks whether a watched list is due for a check against a direct query. */
    public static final long RECONCILE_TICK_MILLIS = 1000;

    /** How soon after a reconnect every watched list is checked, before the spread below. */
    public static final long RECONCILE_AFTER_RECONNECT_MILLIS = 5000;

    /** Longest spread of the checks after a reconnect, so a fleet does not query Nacos at once. */
    public static final long RECONCILE_RECONNECT_SPREAD_MILLIS = 30000;

    /** Shortest wait before an empty answer that protection holds back is confirmed by a second query. */
    public static final long RECONCILE_MIN_CONFIRM_MILLIS = 1000;

    /** Longest wait before an empty answer that protection holds back is confirmed by a second query. */
    public static final long RECONCILE_MAX_CONFIRM_MILLIS = 10000;

    // Threads

    /** Enough that one application's slow listener never holds up the others. */
    public static final int NOTIFY_THREADS = 4;

    /** Idle time after which a shared thread ends, so no thread stays for an application that stopped. */
    public static final long IDLE_THREAD_SECONDS = 60;

    // Config reads

    /** How long one read of a config may take, as in Dubbo's built-in report. */
    public static final long METADATA_READ_TIMEOUT_MILLIS = 3000;

    /** As Dubbo's built-in Nacos config center. */
    public static final long CONFIG_CENTER_TIMEOUT_MILLIS = 5000;

    // Metrics

    /** Reading every watch's figures once per scrape, not once per series. */
    public static final long METRICS_SNAPSHOT_MAX_AGE_MILLIS = 1000;

    private Tunables() {}
}
