package dev.nacosapp.benchmarks.contender;

import dev.nacosapp.benchmarks.child.ChildProcess;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Child JVM hosting one contender, as one consumer process would in production. Contenders never share a JVM:
 * nacos-client runs every listener of a JVM on one event thread, so a contender in the same JVM would wait for
 * another's listener work. Arguments: contender id, server address.
 *
 * <p>Commands: {@code clock}, {@code subscribe <app>} and {@code resubscribe <app>} (answered with {@code ok}). Every
 * list the contender's listener receives is sent as {@code arrival <app> <nanoTime> <host:port,…|->}, written by a
 * thread of its own so the listener only takes the time and queues.
 */
public final class ConsumerProcess {
    private ConsumerProcess() {}

    public static void main(String[] args) throws Exception {
        ContenderKind kind = ContenderKind.fromId(args[0]);
        Contender contender = Contenders.connect(kind, args[1]);
        BlockingQueue<String> arrivals = new LinkedBlockingQueue<>();
        Thread writer = new Thread(
                () -> {
                    try {
                        while (true) {
                            ChildProcess.report("arrival", arrivals.take());
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "bench-arrival-writer");
        writer.setDaemon(true);
        writer.start();
        ChildProcess.serve(Map.of(
                "subscribe",
                        words -> {
                            String application = words[1];
                            contender.subscribe(
                                    application,
                                    (nanos, instances) ->
                                            arrivals.add(application + " " + nanos + " " + encode(instances)));
                            ChildProcess.report("ok");
                        },
                "resubscribe",
                        words -> {
                            contender.resubscribe(words[1]);
                            ChildProcess.report("ok");
                        }));
        contender.close();
        System.exit(0);
    }

    private static String encode(List<?> instances) {
        return instances.isEmpty() ? "-" : String.join(",", Addresses.of(instances));
    }
}
