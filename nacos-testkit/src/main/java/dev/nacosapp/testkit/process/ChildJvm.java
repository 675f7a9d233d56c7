package dev.nacosapp.testkit.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A JVM started from this one, for a demo, a test or a benchmark that runs a provider or a consumer in a process of its
 * own: the same {@code java}, this JVM's class path unless told otherwise, the given flags, properties, environment and
 * arguments. Its output goes to a log file, or its stdout to the caller for a line protocol ({@link
 * ChildJvmBuilder#pipeStdout()}). Stopping sends SIGTERM first, so the child's shutdown hooks run (Dubbo deregisters there),
 * and SIGKILL only after a grace period. Children still running when this JVM exits are killed, unless started with
 * {@link ChildJvmBuilder#keepOnExit()}. Thread-safe.
 */
public final class ChildJvm implements AutoCloseable {
    /**
     * Flags for a JVM that should start fast rather than run fast: the machines that run demos and tests are small
     * and start many short-lived JVMs. Benchmarks that measure the child's work leave them out.
     */
    public static final List<String> QUICK_START_FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);
    private static final Set<Process> KILLED_ON_EXIT = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(() -> KILLED_ON_EXIT.forEach(Process::destroyForcibly), "child-jvm-reaper"));
    }

    /** Remembers a child to kill when this JVM exits. */
    static void killOnExit(Process process) {
        KILLED_ON_EXIT.add(process);
    }

    private final String name;
    private final Process process;
    private final Path log;
    private final boolean pipedStdout;

    ChildJvm(String name, Process process, Path log, boolean pipedStdout) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.pipedStdout = pipedStdout;
    }

    /**
     * Starts describing a JVM.
     *
     * @param name names the JVM in messages
     * @param mainClass the class it runs
     */
    public static ChildJvmBuilder builder(String name, String mainClass) {
        return new ChildJvmBuilder(name, mainClass);
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    /** The file the JVM's output (or, with a piped stdout, its stderr) goes to. */
    public Path log() {
        return log;
    }

    /** What the JVM wrote to its log so far. */
    public String output() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the log of JVM " + name + ": " + log, e);
        }
    }

    /** The JVM's stdin. */
    public OutputStream stdin() {
        return process.getOutputStream();
    }

    /**
     * The JVM's stdout.
     *
     * @throws IllegalStateException unless started with {@link ChildJvmBuilder#pipeStdout()}
     */
    public InputStream stdout() {
        if (!pipedStdout) {
            throw new IllegalStateException("JVM " + name + " writes its stdout to " + log + ", not to a pipe");
        }
        return process.getInputStream();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * The exit status.
     *
     * @throws IllegalThreadStateException while the JVM runs
     */
    public int exitValue() {
        return process.exitValue();
    }

    /** Sends SIGTERM and returns at once; the JVM runs its shutdown hooks. */
    public void terminate() {
        process.destroy();
    }

    /** Sends SIGKILL and waits until the JVM is gone: no shutdown hook runs, its connections just break. */
    public void kill() {
        process.destroyForcibly();
        waitQuietly(DEFAULT_GRACE);
        forget();
    }

    /** Waits until the JVM exits or the time is up; returns whether it exited. */
    public boolean awaitExit(Duration timeout) throws InterruptedException {
        boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (exited) {
            forget();
        }
        return exited;
    }

    /**
     * Stops the JVM if it still runs: SIGTERM (unless already sent), then SIGKILL when it has not exited within {@code
     * grace}. Returns whether it exited by itself.
     */
    public boolean stop(Duration grace) {
        boolean graceful = true;
        if (process.isAlive()) {
            process.destroy();
            graceful = waitQuietly(grace);
            if (!graceful) {
                process.destroyForcibly();
                waitQuietly(grace);
            }
        }
        forget();
        return graceful;
    }

    /** {@link #stop(Duration)} with a grace period of 30 s. */
    @Override
    public void close() {
        stop(DEFAULT_GRACE);
    }

    private boolean waitQuietly(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return false;
        }
    }

    private void forget() {
        if (!process.isAlive()) {
            KILLED_ON_EXIT.remove(process);
        }
    }

    @Override
    public String toString() {
        return "JVM " + name + " (pid " + process.pid() + ", log " + log + ")";
    }
}
