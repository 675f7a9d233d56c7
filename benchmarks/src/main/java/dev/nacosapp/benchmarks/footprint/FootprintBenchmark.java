package dev.nacosapp.benchmarks.footprint;

import dev.nacosapp.benchmarks.child.ChildProcess;
import dev.nacosapp.benchmarks.contender.ContenderKind;
import dev.nacosapp.benchmarks.fixture.Population;
import dev.nacosapp.benchmarks.report.CsvTable;
import dev.nacosapp.benchmarks.run.BenchContext;
import java.time.Duration;
import java.util.List;

/**
 * Footprint: live threads and retained heap of a consumer subscribed to few and many applications, and to one large
 * application, each contender in a fresh child JVM. Threads are those the contender added to the JVM in all, and those
 * that appeared while subscribing (nacos-client starts some helper threads lazily, at times unrelated to the number
 * of applications, so the second count is the one that shows growth with applications); retained heap
 * is used heap after full GCs once everything was delivered, minus the same right after the contender connected (an
 * approximation of what the subscriptions keep alive, not a heap-dump analysis).
 */
public final class FootprintBenchmark {
    /**
     * nacos-client refuses a gRPC message over 10 MiB: the push of the 50,000-instance application (about 780 bytes
     * of JSON per instance, 39 MB) would end the connection with RESOURCE_EXHAUSTED, on a real Nacos as here. Every
     * contender gets the same larger limit, so that all three measure that application at all.
     */
    private static final List<String> PROBE_FLAGS = List.of(
            "-Xms256m", "-Xmx1g", "-XX:+UseSerialGC", "-Dnacos.remote.client.grpc.maxinbound.message.size=134217728");

    private static final double MIB = 1024.0 * 1024.0;

    private final BenchContext context;
    private final CsvTable csv;

    public FootprintBenchmark(BenchContext context) {
        this.context = context;
        this.csv = context.results()
                .table(
                        "footprint.csv",
                        "scenario",
                        "contender",
                        "threads_at_start",
                        "threads_connected",
                        "threads_subscribed",
                        "heap_at_start_bytes",
                        "heap_connected_bytes",
                        "heap_subscribed_bytes",
                        "threads_added",
                        "retained_heap_mib");
    }

    /** The scenarios of this run, in report order. */
    public static List<Scenario> scenarios(List<Integer> apps, List<Integer> instances) {
        List<Scenario> scenarios = new java.util.ArrayList<>();
        scenarios.add(Scenario.apps(apps.get(0)));
        scenarios.add(Scenario.apps(apps.get(1)));
        instances.forEach(count -> scenarios.add(Scenario.instances(count)));
        return scenarios;
    }

    public void run() throws Exception {
        List<Scenario> scenarios =
                scenarios(context.settings().footprintApps(), context.settings().footprintInstances());
        int mostApps =
                Math.max(scenarios.get(0).applications(), scenarios.get(1).applications());
        List<Integer> large = context.settings().footprintInstances();
        context.say(
                "footprint: registering %d apps of %d and apps of %s instances",
                mostApps, Scenario.SMALL_APP_INSTANCES, large);
        try (Population population = new Population(context.serverAddr())) {
            population.apps(Scenario.apps(mostApps).applicationNames(), Scenario.SMALL_APP_INSTANCES);
            for (int size : large) {
                population.largeApp(Scenario.largeApp(size), size);
            }
            for (Scenario scenario : scenarios) {
                for (ContenderKind kind : ContenderKind.values()) {
                    probe(scenario, kind);
                }
                context.say("footprint: %s done", scenario.label());
            }
        }
    }

    private void probe(Scenario scenario, ContenderKind kind) throws Exception {
        try (ChildProcess probe = ChildProcess.start(
                context.logDir(),
                "footprint-" + scenario.id() + "-" + kind.id(),
                FootprintProbe.class,
                PROBE_FLAGS,
                List.of(
                        kind.id(),
                        context.serverAddr(),
                        Integer.toString(scenario.applications()),
                        Integer.toString(scenario.instancesEach())))) {
            String[] v = probe.await("result", Duration.ofSeconds(240));
            int threadsAtStart = Integer.parseInt(v[0]);
            int threadsConnected = Integer.parseInt(v[1]);
            int threadsSubscribed = Integer.parseInt(v[2]);
            long heapConnected = Long.parseLong(v[4]);
            long heapSubscribed = Long.parseLong(v[5]);
            int threadsAdded = threadsSubscribed - threadsAtStart;
            double retainedMib = (heapSubscribed - heapConnected) / MIB;
            context.results().add(scenario.threadsFigure(), kind, threadsAdded);
            context.results().add(scenario.subscriptionThreadsFigure(), kind, threadsSubscribed - threadsConnected);
            context.results().add(scenario.heapFigure(), kind, retainedMib);
            csv.add(
                    scenario.id(),
                    kind.id(),
                    v[0],
                    v[1],
                    v[2],
                    v[3],
                    v[4],
                    v[5],
                    threadsAdded,
                    String.format(java.util.Locale.ROOT, "%.2f", retainedMib));
        }
    }
}
