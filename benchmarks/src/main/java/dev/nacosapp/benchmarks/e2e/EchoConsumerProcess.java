package dev.nacosapp.benchmarks.e2e;

import dev.nacosapp.benchmarks.child.ChildProcess;
import dev.nacosapp.benchmarks.contender.ContenderKind;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * Child JVM of the end-to-end figure: one complete Dubbo consumer ({@link EchoConsumer}) on one Dubbo contender's
 * registry. Arguments: contender id, server address. Commands: {@code clock}; {@code call <token> <timeoutMillis>},
 * which calls until the provider started with that token answers and replies {@code answered <nanoTime>} (or
 * {@code answered -} on timeout).
 */
public final class EchoConsumerProcess {
    private EchoConsumerProcess() {}

    public static void main(String[] args) throws Exception {
        ContenderKind kind = ContenderKind.fromId(args[0]);
        EchoConsumer consumer = EchoConsumer.start(kind, args[1]);
        ChildProcess.report("ready");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] command = line.split(" ");
            switch (command[0]) {
                case "clock" -> ChildProcess.report("clock", System.nanoTime());
                case "call" -> {
                    consumer.callUntil(command[1], Duration.ofMillis(Long.parseLong(command[2])));
                    OptionalLong answered = consumer.awaitAnswer();
                    ChildProcess.report("answered", answered.isPresent() ? Long.toString(answered.getAsLong()) : "-");
                }
                default -> throw new IllegalArgumentException("Unknown command: " + line);
            }
        }
        consumer.close();
        System.exit(0);
    }
}
