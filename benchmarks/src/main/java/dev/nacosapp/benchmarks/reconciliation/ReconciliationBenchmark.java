package dev.nacosapp.benchmarks.reconciliation;

import dev.nacosapp.benchmarks.child.ChildProcess;
import dev.nacosapp.benchmarks.fixture.Population;
import dev.nacosapp.benchmarks.report.CsvTable;
import dev.nacosapp.benchmarks.run.BenchContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Reconciliation: what nacos-app's checks of every watched list against a direct query cost a consumer watching many
 * applications, in queries per second at the server, the consumer's CPU time and its threads. One fresh consumer JVM
 * per {@link Variant}, all three at once against the same server, each watching applications of its own (so the
 * embedded server's per-service query counts tell their queries apart). Consecutive windows of one interval each
 * follow once every consumer has every list; the first includes most of the JIT compiling the query path, later ones
 * less and less.
 */
public final class ReconciliationBenchmark {
    /** Instances of each watched application. */
    public static final int INSTANCES_EACH = 2;

    /** The same small heap and collector for every variant, so that GC threads and work do not differ. */
    static final List<String> PROBE_FLAGS = List.of("-Xms128m", "-Xmx512m", "-XX:+UseSerialGC");

    private static final Duration SUBSCRIBE_TIMEOUT = Duration.ofSeconds(300);
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(30);

    private final BenchContext context;
    private final CsvTable csv;

    public ReconciliationBenchmark(BenchContext context) {
        this.context = context;
        this.csv = context.results()
                .table(
                        "reconciliation.csv",
                        "variant",
                        "registry_parameters",
                        "applications",
                        "instances_each",
                        "window",
                        "window_s",
                        "queries",
                        "queries_per_s",
                        "cpu_ms",
                        "cpu_ms_per_min",
                        "java_threads_cpu_ms",
                        "reconcile_thread_cpu_ms",
                        "jit_ms",
                        "gc_ms",
                        "threads_subscribed",
                        "threads_end",
                        "threads_peak",
                        "reconcile_threads",
                        "notify_threads",
                        "applications_listed");
    }

    public void run() throws Exception {
        int apps = context.settings().reconciliationApps();
        Duration window = Duration.ofSeconds(context.settings().reconciliationWindowSeconds());
        int count = context.settings().reconciliationWindows();
        boolean counting = context.nacos().isEmbedded();
        context.say(
                "reconciliation: registering %d apps of %d instances for each of %d consumers",
                apps, INSTANCES_EACH, Variant.values().length);
        Map<Variant, ChildProcess> probes = new EnumMap<>(Variant.class);
        try (Population population = new Population(context.serverAddr())) {
            for (Variant variant : Variant.values()) {
                population.apps(variant.applications(apps), INSTANCES_EACH);
            }
            context.say("reconciliation: registered; starting the consumers");
            for (Variant variant : Variant.values()) {
                probes.put(variant, start(variant, apps));
            }
            Map<Variant, Integer> threadsSubscribed = new EnumMap<>(Variant.class);
            for (Variant variant : Variant.values()) {
                threadsSubscribed.put(
                        variant, Integer.parseInt(probes.get(variant).await("subscribed", SUBSCRIBE_TIMEOUT)[0]));
            }
            context.say(
                    "reconciliation: every list delivered to each consumer; measuring %d windows of %d s",
                    count, window.toSeconds());

            Map<Variant, List<Window>> windows = new EnumMap<>(Variant.class);
            Map<Variant, Long> queries = queries(apps, counting);
            long startNanos = System.nanoTime();
            for (ChildProcess probe : probes.values()) {
                probe.send("start");
            }
            for (ChildProcess probe : probes.values()) {
                probe.await("started", REPLY_TIMEOUT);
            }
            for (int w = 1; w <= count; w++) {
                // The window itself: the consumers run on their own meanwhile.
                Thread.sleep(window.toMillis());
                for (ChildProcess probe : probes.values()) {
                    probe.send(w == count ? "end" : "lap");
                }
                Map<Variant, Long> queriesNow = queries(apps, counting);
                long nowNanos = System.nanoTime();
                double seconds = (nowNanos - startNanos) / 1e9;
                for (Variant variant : Variant.values()) {
                    Window measured = Window.of(
                            probes.get(variant).await("result", REPLY_TIMEOUT),
                            seconds,
                            counting ? queriesNow.get(variant) - queries.get(variant) : -1);
                    windows.computeIfAbsent(variant, v -> new ArrayList<>()).add(measured);
                    record(variant, apps, w, threadsSubscribed.get(variant), measured);
                    if (measured.listed() < apps) {
                        context.results()
                                .note("Reconciliation: the consumer with " + variant.label() + " listed every instance"
                                        + " of only " + measured.listed() + " of " + apps
                                        + " applications after window "
                                        + w);
                    }
                }
                queries = queriesNow;
                startNanos = nowNanos;
            }
            context.results().addSection(ReconciliationSection.of(apps, window, windows, counting));
        } finally {
            probes.values().forEach(ChildProcess::close);
        }
    }

    private ChildProcess start(Variant variant, int apps) throws Exception {
        return ChildProcess.start(
                context.logDir(),
                "reconciliation-" + variant.id(),
                ReconciliationProbe.class,
                PROBE_FLAGS,
                List.of(
                        variant.name(),
                        context.serverAddr(),
                        Integer.toString(apps),
                        Integer.toString(INSTANCES_EACH)));
    }

    /** Queries each variant's applications have received so far, summed; empty when the server cannot count. */
    private Map<Variant, Long> queries(int apps, boolean counting) {
        Map<Variant, Long> queries = new EnumMap<>(Variant.class);
        if (counting) {
            for (Variant variant : Variant.values()) {
                long sum = 0;
                for (String application : variant.applications(apps)) {
                    sum += context.nacos().queryCount(application);
                }
                queries.put(variant, sum);
            }
        }
        return queries;
    }

    private void record(Variant variant, int apps, int window, int threadsSubscribed, Window m) {
        csv.add(
                variant.id(),
                variant.parameters(),
                apps,
                INSTANCES_EACH,
                window,
                Window.format("%.3f", m.seconds()),
                m.queries() < 0 ? "" : m.queries(),
                m.queries() < 0 ? "" : Window.format("%.3f", m.queriesPerSecond()),
                Window.format("%.1f", m.cpuMillis()),
                Window.format("%.1f", m.perMinute(m.cpuMillis())),
                Window.format("%.1f", m.javaThreadCpuMillis()),
                Window.format("%.1f", m.reconcileThreadCpuMillis()),
                m.jitMillis(),
                m.gcMillis(),
                threadsSubscribed,
                m.threadsEnd(),
                m.threadsPeak(),
                m.reconcileThreads(),
                m.notifyThreads(),
                m.listed());
    }
}
