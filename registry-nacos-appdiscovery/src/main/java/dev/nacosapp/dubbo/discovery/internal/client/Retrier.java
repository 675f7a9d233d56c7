package dev.nacosapp.dubbo.discovery.internal.client;

import static org.apache.dubbo.common.constants.LoggerCodeConstants.REGISTRY_NACOS_EXCEPTION;

import dev.nacosapp.dubbo.discovery.internal.config.Tunables;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.dubbo.common.logger.ErrorTypeAwareLogger;
import org.apache.dubbo.common.logger.LoggerFactory;

/**
 * Repeats a failed registration or subscription in the background until it succeeds or is no longer wanted.
 *
 * <p>The retries follow the connection, not a timer: while the client has no server, the task only watches the
 * connection (a local flag, checked every {@value Tunables#RETRY_CONNECTION_POLL_MILLIS} ms) and tries again as soon
 * as it is back,
 * however long the outage was. Back-off (500 ms, doubling up to a maximum) applies only to failures while connected,
 * that is to a server that answers and refuses. A task ends as soon as its owner no longer wants it (the instance was
 * unregistered or replaced by a newer one with a retry of its own, the watch was closed), whether or not the server
 * is there: it never outlives what it retries, nor doubles up with its successor. Thread-safe; runs on one shared
 * scheduler thread.
 */
public final class Retrier {
    private static final ErrorTypeAwareLogger LOGGER = LoggerFactory.getErrorTypeAwareLogger(Retrier.class);

    /** One attempt: returns normally when done or no longer wanted, throws to be retried. */
    public interface Attempt {
        void run() throws Exception;
    }

    private final ScheduledExecutorService scheduler;
    /** Tasks scheduled and not yet ended (succeeded, no longer wanted, or refused by a scheduler shutting down). */
    private final AtomicInteger pending = new AtomicInteger();

    public Retrier(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    /**
     * Schedules {@code attempt}: at once when {@code connected} says the server is there again, after the back-off
     * otherwise; and again after each failure, until it succeeds or {@code wanted} says it is not wanted any more.
     */
    public void retry(
            String what, long maxDelayMillis, BooleanSupplier wanted, BooleanSupplier connected, Attempt attempt) {
        pending.incrementAndGet();
        schedule(new Task(what, maxDelayMillis, wanted, connected, attempt), Tunables.RETRY_CONNECTION_POLL_MILLIS);
    }

    /** Retries scheduled and not yet ended: each failed registration or subscription still to be repeated. */
    public int pending() {
        return pending.get();
    }

    private void schedule(Task task, long delayMillis) {
        try {
            scheduler.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // The scheduler only refuses once Dubbo shuts the framework down: nothing is wanted any more.
            pending.decrementAndGet();
            LOGGER.debug("nacos-app: not retrying " + task.what + ": shutting down");
        }
    }

    private final class Task implements Runnable {
        private final String what;
        private final long maxDelayMillis;
        private final BooleanSupplier wanted;
        private final BooleanSupplier connected;
        private final Attempt attempt;
        private long delayMillis = Tunables.RETRY_FIRST_DELAY_MILLIS;
        private int failures;
        /** Earliest next attempt while connected (back-off after a refusal); a reconnection overrides it. */
        private long notBeforeNanos;
        /** Whether the last look found no server: the next connected look then tries at once. */
        private boolean waitingForConnection;

        Task(String what, long maxDelayMillis, BooleanSupplier wanted, BooleanSupplier connected, Attempt attempt) {
            this.what = what;
            this.maxDelayMillis = Math.max(maxDelayMillis, Tunables.RETRY_FIRST_DELAY_MILLIS);
            this.wanted = wanted;
            this.connected = connected;
            this.attempt = attempt;
            this.notBeforeNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Tunables.RETRY_FIRST_DELAY_MILLIS);
        }

        @Override
        public void run() {
            if (!wanted.getAsBoolean()) {
                pending.decrementAndGet();
                LOGGER.debug("nacos-app: " + what + " is no longer wanted; not retried");
                return;
            }
            if (!connected.getAsBoolean()) {
                if (!waitingForConnection) {
                    waitingForConnection = true;
                    LOGGER.info("nacos-app: " + what + " waits for the connection to Nacos; retried once it is back");
                }
                schedule(this, Tunables.RETRY_CONNECTION_POLL_MILLIS);
                return;
            }
            if (!waitingForConnection && System.nanoTime() - notBeforeNanos < 0) {
                schedule(this, Tunables.RETRY_CONNECTION_POLL_MILLIS);
                return;
            }
            waitingForConnection = false;
            try {
                attempt.run();
                pending.decrementAndGet();
                if (failures > 0) {
                    LOGGER.info("nacos-app: " + what + " succeeded after " + (failures + 1) + " attempts");
                }
            } catch (Exception e) {
                failures++;
                long wait = delayMillis;
                delayMillis = Math.min(delayMillis * 2, maxDelayMillis);
                notBeforeNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(wait);
                if (failures <= Tunables.RETRY_LOUD_ATTEMPTS || failures % 10 == 0) {
                    LOGGER.warn(
                            REGISTRY_NACOS_EXCEPTION,
                            "Nacos unreachable or refusing",
                            "",
                            "nacos-app: " + what + " failed (attempt " + failures + "), retrying in " + wait
                                    + " ms, or as soon as the connection is back: " + e.getMessage());
                }
                schedule(this, Tunables.RETRY_CONNECTION_POLL_MILLIS);
            }
        }
    }
}
