package dev.nacosapp.benchmarks.contender;

import dev.nacosapp.benchmarks.child.ChildProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The harness's handle on a contender running in a {@link ConsumerProcess} child JVM: subscriptions are commands,
 * deliveries come back as arrival lines into one {@link ArrivalLog} per application. Not thread-safe: one harness
 * thread drives it.
 */
public final class RemoteContender implements AutoCloseable {
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(60);
    private static final List<String> FLAGS = List.of("-Xms128m", "-Xmx512m", "-XX:+UseSerialGC", "-Xshare:auto");

    private final ContenderKind kind;
    private final ChildProcess process;
    private final Map<String, ArrivalLog> logs = new ConcurrentHashMap<>();

    private RemoteContender(ContenderKind kind, ChildProcess process) {
        this.kind = kind;
        this.process = process;
        process.on("arrival", this::arrived);
    }

    /**
     * Starts the consumer JVM of {@code kind} and waits until its contender is connected.
     *
     * @param logDir where the JVM's logs go
     */
    public static RemoteContender start(Path logDir, ContenderKind kind, String serverAddr) throws Exception {
        ChildProcess process = ChildProcess.start(
                logDir, "consumer-" + kind.id(), ConsumerProcess.class, FLAGS, List.of(kind.id(), serverAddr));
        try {
            process.await("ready", REPLY_TIMEOUT);
            process.checkClock();
            return new RemoteContender(kind, process);
        } catch (Exception | Error e) {
            process.close();
            throw e;
        }
    }

    /** One consumer JVM of each kind, in report order; closes those already started if one fails. */
    public static List<RemoteContender> startAll(Path logDir, String serverAddr) throws Exception {
        List<RemoteContender> contenders = new ArrayList<>();
        try {
            for (ContenderKind kind : ContenderKind.values()) {
                contenders.add(start(logDir, kind, serverAddr));
            }
            return contenders;
        } catch (Exception | Error e) {
            contenders.forEach(RemoteContender::close);
            throw e;
        }
    }

    public ContenderKind kind() {
        return kind;
    }

    /** Subscribes to an application; returns the log its deliveries go to. */
    public ArrivalLog subscribe(String application) throws InterruptedException {
        ArrivalLog log = new ArrivalLog(kind);
        logs.put(application, log);
        process.send("subscribe " + application);
        process.await("ok", REPLY_TIMEOUT);
        return log;
    }

    /** Unsubscribes and subscribes again, moving this consumer to the end of the server's subscriber list. */
    public void resubscribe(String application) throws InterruptedException {
        process.send("resubscribe " + application);
        process.await("ok", REPLY_TIMEOUT);
    }

    private void arrived(String[] values) {
        ArrivalLog log = logs.get(values[0]);
        if (log != null) {
            Set<String> addresses = values[2].equals("-") ? Set.of() : Set.copyOf(Arrays.asList(values[2].split(",")));
            log.record(Long.parseLong(values[1]), addresses);
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
