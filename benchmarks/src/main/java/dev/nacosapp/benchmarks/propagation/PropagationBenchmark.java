package dev.nacosapp.benchmarks.propagation;

import com.alibaba.nacos.api.naming.NamingFactory;
import com.alibaba.nacos.api.naming.NamingService;
import dev.nacosapp.benchmarks.child.ChildProcess;
import dev.nacosapp.benchmarks.contender.ArrivalLog;
import dev.nacosapp.benchmarks.contender.ContenderKind;
import dev.nacosapp.benchmarks.contender.RemoteContender;
import dev.nacosapp.benchmarks.fixture.Instances;
import dev.nacosapp.benchmarks.report.CsvTable;
import dev.nacosapp.benchmarks.report.Figure;
import dev.nacosapp.benchmarks.run.BenchContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Propagation latency: a provider JVM registers, deregisters, and is finally SIGKILLed; each time, how long until each
 * contender's listener receives the list with (or without) it. All three contenders are subscribed to the same
 * application at once, so every provider event yields one sample per contender.
 *
 * <p>Timestamps: the provider takes {@link System#nanoTime()} just before its nacos-client call; for a kill, the
 * harness takes it just before sending SIGKILL. On Linux both are CLOCK_MONOTONIC and comparable across processes,
 * which each provider and consumer JVM checks once on start. Each contender runs in a consumer JVM of its own. An
 * anchor instance stays registered throughout, so a deregistration is never an empty list (nacos-app drops empty
 * pushes by default, as it should). Before each provider JVM the harness moves one contender to the end of the
 * server's subscriber list, so no contender is always pushed first.
 */
public final class PropagationBenchmark {
    public static final String APPLICATION = "bench-propagation";

    private static final int ANCHOR_PORT = 19000;
    private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration SETTLE = Duration.ofMillis(50);
    private static final List<String> PROVIDER_FLAGS =
            List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto");

    private final BenchContext context;
    private final List<RemoteContender> contenders;
    private final List<ArrivalLog> logs = new ArrayList<>();
    private final CsvTable csv;

    public PropagationBenchmark(BenchContext context, List<RemoteContender> contenders) {
        this.context = context;
        this.contenders = contenders;
        this.csv = context.results()
                .table(
                        "propagation.csv",
                        "event",
                        "round",
                        "cycle",
                        "contender",
                        "latency_ms",
                        "provider_call_ms",
                        "push_order");
    }

    public void run() throws Exception {
        int rounds = context.settings().propagationRounds();
        if (context.nacos().isEmbedded()) {
            context.results()
                    .note("Propagation: the embedded server pushed after "
                            + context.settings().pushDelayMillis()
                            + " ms; a real Nacos batches pushes for about 0.5 s, which adds the same to every"
                            + " contender's propagation figures.");
        }
        NamingService anchor = NamingFactory.createNamingService(context.serverAddr());
        try {
            anchor.registerInstance(APPLICATION, Instances.provider(ANCHOR_PORT, 0));
            String anchorAddress = Instances.HOST + ":" + ANCHOR_PORT;
            for (RemoteContender contender : contenders) {
                logs.add(contender.subscribe(APPLICATION));
            }
            for (ArrivalLog log : logs) {
                if (!log.awaitCurrent(addresses -> addresses.contains(anchorAddress), Duration.ofSeconds(30))) {
                    throw new IllegalStateException(log.kind().label() + " never received the anchor instance");
                }
            }
            List<RemoteContender> order = new ArrayList<>(contenders);
            // Round 0 warms the harness's own code paths up and is not counted.
            for (int round = 0; round <= rounds; round++) {
                if (round > 0) {
                    RemoteContender first = order.remove(0);
                    first.resubscribe(APPLICATION);
                    order.add(first);
                }
                runRound(round, order);
                context.say("propagation: provider JVM %d of %d done%s", round, rounds, round == 0 ? " (warm-up)" : "");
            }
        } finally {
            anchor.shutDown();
        }
    }

    private void runRound(int round, List<RemoteContender> order) throws Exception {
        int port = ANCHOR_PORT + 1 + round;
        String address = Instances.HOST + ":" + port;
        Predicate<Set<String>> listed = addresses -> addresses.contains(address);
        String pushOrder = describe(order);
        try (ChildProcess provider = ChildProcess.start(
                context.logDir(),
                "propagation-provider-" + round,
                PropagationProvider.class,
                PROVIDER_FLAGS,
                List.of(context.serverAddr(), APPLICATION, Integer.toString(port)))) {
            provider.await("ready", Duration.ofSeconds(60));
            provider.checkClock();
            int cycles = context.settings().propagationCycles();
            for (int cycle = 0; cycle <= cycles; cycle++) {
                step(provider, "register", Figure.PROPAGATION_REGISTER, listed, round, cycle, pushOrder);
                if (cycle < cycles) {
                    step(
                            provider,
                            "deregister",
                            Figure.PROPAGATION_DEREGISTER,
                            listed.negate(),
                            round,
                            cycle,
                            pushOrder);
                }
            }
            int[] marks = marks();
            long killedAt = System.nanoTime();
            provider.kill();
            collect(Figure.PROPAGATION_KILL, marks, killedAt, listed.negate(), round, cycles, pushOrder, "");
            provider.awaitExit(Duration.ofSeconds(10));
        }
    }

    private void step(
            ChildProcess provider,
            String command,
            Figure figure,
            Predicate<Set<String>> effect,
            int round,
            int cycle,
            String pushOrder)
            throws InterruptedException {
        int[] marks = marks();
        provider.send(command);
        String[] done = provider.await("done", Duration.ofSeconds(30));
        long start = Long.parseLong(done[0]);
        String callMillis = String.format(Locale.ROOT, "%.3f", (Long.parseLong(done[1]) - start) / 1e6);
        collect(figure, marks, start, effect, round, cycle, pushOrder, callMillis);
    }

    private void collect(
            Figure figure,
            int[] marks,
            long start,
            Predicate<Set<String>> effect,
            int round,
            int cycle,
            String pushOrder,
            String callMillis)
            throws InterruptedException {
        boolean counted = round > 0;
        Map<ContenderKind, Long> arrivals = new EnumMap<>(ContenderKind.class);
        for (int i = 0; i < logs.size(); i++) {
            ArrivalLog log = logs.get(i);
            Optional<ArrivalLog.Arrival> arrival = log.await(marks[i], effect, EVENT_TIMEOUT);
            arrival.ifPresent(a -> arrivals.put(log.kind(), a.nanos()));
            if (arrival.isPresent()) {
                double millis = (arrival.get().nanos() - start) / 1e6;
                if (counted) {
                    context.results().add(figure, log.kind(), millis);
                }
                csv.add(
                        figure.id(),
                        round,
                        cycle,
                        log.kind().id(),
                        String.format(Locale.ROOT, "%.3f", millis),
                        callMillis,
                        counted ? pushOrder : pushOrder + " (warm-up)");
            } else {
                if (counted) {
                    context.results().missed(figure, log.kind());
                }
                csv.add(figure.id(), round, cycle, log.kind().id(), "timeout", callMillis, pushOrder);
                context.say(
                        "propagation: %s saw no %s within %d s",
                        log.kind().label(), figure.id(), EVENT_TIMEOUT.toSeconds());
            }
        }
        if (counted) {
            recordPaired(figure, arrivals);
        }
        Thread.sleep(SETTLE.toMillis());
    }

    /**
     * The same event seen by two contenders: their difference leaves out what the server, the provider and the
     * machine added to both, which unpaired medians cannot.
     */
    private void recordPaired(Figure figure, Map<ContenderKind, Long> arrivals) {
        Long raw = arrivals.get(ContenderKind.RAW);
        Long builtIn = arrivals.get(ContenderKind.BUILT_IN);
        Long nacosApp = arrivals.get(ContenderKind.NACOS_APP);
        if (raw != null && builtIn != null) {
            context.results().add(Figure.PROPAGATION_BEHIND_RAW, ContenderKind.BUILT_IN, (builtIn - raw) / 1e6);
        }
        if (raw != null && nacosApp != null) {
            context.results().add(Figure.PROPAGATION_BEHIND_RAW, ContenderKind.NACOS_APP, (nacosApp - raw) / 1e6);
            context.results().addPaired(figure, ContenderKind.RAW, (nacosApp - raw) / 1e6);
        }
        if (builtIn != null && nacosApp != null) {
            context.results().addPaired(figure, ContenderKind.BUILT_IN, (nacosApp - builtIn) / 1e6);
        }
    }

    private int[] marks() {
        int[] marks = new int[logs.size()];
        for (int i = 0; i < logs.size(); i++) {
            marks[i] = logs.get(i).mark();
        }
        return marks;
    }

    private static String describe(List<RemoteContender> order) {
        StringBuilder text = new StringBuilder();
        for (RemoteContender contender : order) {
            if (text.length() > 0) {
                text.append('>');
            }
            text.append(contender.kind().id());
        }
        return text.toString();
    }
}
