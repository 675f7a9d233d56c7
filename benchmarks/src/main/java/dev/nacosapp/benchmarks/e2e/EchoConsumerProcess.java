package dev.nacosapp.benchmarks.e2e;

import dev.nacosapp.benchmarks.child.ChildProcess;
import dev.nacosapp.benchmarks.contender.ContenderKind;
import java.time.Duration;
import java.util.Map;
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
        ChildProcess.serve(Map.of("call", words -> {
            consumer.callUntil(words[1], Duration.ofMillis(Long.parseLong(words[2])));
            OptionalLong answered = consumer.awaitAnswer();
            ChildProcess.report("answered", answered.isPresent() ? Long.toString(answered.getAsLong()) : "-");
        }));
        consumer.close();
        System.exit(0);
    }
}
