package dev.nacosapp.benchmarks.e2e;

import dev.nacosapp.benchmarks.child.ChildProcess;
import dev.nacosapp.benchmarks.contender.ArrivalLog;
import dev.nacosapp.benchmarks.contender.ContenderKind;
import dev.nacosapp.benchmarks.contender.RemoteContender;
import dev.nacosapp.benchmarks.fixture.Instances;
import dev.nacosapp.benchmarks.report.CsvTable;
import dev.nacosapp.benchmarks.report.Figure;
import dev.nacosapp.benchmarks.run.BenchContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * End to end: from starting a Dubbo provider JVM to each Dubbo consumer's first successful call to it. Each Dubbo
 * consumer is a JVM of its own ({@link EchoConsumerProcess}): in one JVM, Dubbo's built-in discovery would fetch the
 * provider's metadata on nacos-client's JVM-wide event thread and hold the other consumer's notification back. The
 * raw nacos-client, which cannot call anything, reports when its listener first listed the provider (the discovery
 * part of the same path). The first provider JVM is a warm-up and not counted; each later one is SIGKILLed once every
 * consumer reached it.
 */
public final class EndToEndBenchmark {
    private static final Duration SAMPLE_TIMEOUT = Duration.ofSeconds(90);
    private static final List<String> PROVIDER_FLAGS = List.of("-Xmx256m", "-XX:+UseSerialGC", "-Xshare:auto");
    private static final List<String> CONSUMER_FLAGS = List.of("-Xmx512m", "-XX:+UseSerialGC", "-Xshare:auto");
    private static final List<ContenderKind> DUBBO = List.of(ContenderKind.BUILT_IN, ContenderKind.NACOS_APP);

    private final BenchContext context;
    private final RemoteContender raw;
    private final CsvTable csv;

    public EndToEndBenchmark(BenchContext context, RemoteContender raw) {
        this.context = context;
        this.raw = raw;
        this.csv = context.results().table("end-to-end.csv", "sample", "contender", "millis", "what");
    }

    public void run() throws Exception {
        context.results()
                .note("End to end: the raw nacos-client makes no call; its row is the time until its listener listed"
                        + " the new provider, the discovery share of the Dubbo consumers' figure.");
        ArrivalLog rawLog = raw.subscribe(EchoProvider.APPLICATION);
        List<ChildProcess> consumers = new ArrayList<>();
        try {
            for (ContenderKind kind : DUBBO) {
                ChildProcess consumer = ChildProcess.start(
                        context.logDir(),
                        "e2e-consumer-" + kind.id(),
                        EchoConsumerProcess.class,
                        CONSUMER_FLAGS,
                        List.of(kind.id(), context.serverAddr()));
                consumers.add(consumer);
                consumer.await("ready", SAMPLE_TIMEOUT);
                consumer.checkClock();
            }
            int samples = context.settings().endToEndSamples();
            for (int sample = 0; sample <= samples; sample++) {
                runSample(sample, rawLog, consumers);
                context.say(
                        "end-to-end: provider JVM %d of %d done%s", sample, samples, sample == 0 ? " (warm-up)" : "");
            }
        } finally {
            consumers.forEach(ChildProcess::close);
        }
    }

    private void runSample(int sample, ArrivalLog rawLog, List<ChildProcess> consumers) throws Exception {
        int port = freePort();
        String address = Instances.HOST + ":" + port;
        String token = "provider-" + sample + "-" + port;
        int mark = rawLog.mark();
        for (ChildProcess consumer : consumers) {
            consumer.send("call " + token + " " + SAMPLE_TIMEOUT.toMillis());
        }
        long start = System.nanoTime();
        try (ChildProcess provider = ChildProcess.start(
                context.logDir(),
                "e2e-provider-" + sample,
                EchoProvider.class,
                PROVIDER_FLAGS,
                List.of(context.serverAddr(), Integer.toString(port), token))) {
            Optional<ArrivalLog.Arrival> seen =
                    rawLog.await(mark, addresses -> addresses.contains(address), SAMPLE_TIMEOUT);
            record(sample, ContenderKind.RAW, seen.map(ArrivalLog.Arrival::nanos), start, "instance listed (no call)");
            for (int i = 0; i < consumers.size(); i++) {
                String answered = consumers.get(i).await("answered", SAMPLE_TIMEOUT.plusSeconds(10))[0];
                Optional<Long> at = answered.equals("-") ? Optional.empty() : Optional.of(Long.parseLong(answered));
                record(sample, DUBBO.get(i), at, start, "first successful call");
            }
            provider.kill();
            provider.awaitExit(Duration.ofSeconds(10));
            rawLog.awaitCurrent(addresses -> !addresses.contains(address), Duration.ofSeconds(30));
        }
    }

    private void record(int sample, ContenderKind kind, Optional<Long> at, long start, String what) {
        String cell = at.map(nanos -> String.format(Locale.ROOT, "%.1f", (nanos - start) / 1e6))
                .orElse("timeout");
        csv.add(sample, kind.id(), cell, sample == 0 ? "warm-up: " + what : what);
        if (sample == 0) {
            return;
        }
        if (at.isPresent()) {
            context.results().add(Figure.END_TO_END, kind, (at.get() - start) / 1e6);
        } else {
            context.results().missed(Figure.END_TO_END, kind);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
