package dev.nacosapp.it.support;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A JVM started by a test with this JVM's class path, its stdout and stderr in a log file so the console stays
 * quiet. Small and quick to start, since the CI machine has two cores for the whole suite. JVMs still running when
 * the test JVM exits are killed. Thread-safe.
 */
public final class ChildJvm implements AutoCloseable {

    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly)));
    }

    private final String name;

    private final Process process;

    private final Path log;

    private ChildJvm(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts a JVM.
     *
     * @param name names the JVM in messages
     * @param log where its stdout and stderr go
     * @param systemProperties {@code -D} options
     * @param environment variables added to this JVM's environment
     * @param mainClass the class to run
     * @param args its arguments
     * @return the running JVM
     */
    public static ChildJvm start(
            String name,
            Path log,
            Map<String, String> systemProperties,
            Map<String, String> environment,
            String mainClass,
            List<String> args) {
        return start(name, log, systemProperties, environment, System.getProperty("java.class.path"), mainClass, args);
    }

    /**
     * Starts a JVM on a class path of its own, for an application built outside this module.
     *
     * @param name names the JVM in messages
     * @param log where its stdout and stderr go
     * @param systemProperties {@code -D} options
     * @param environment variables added to this JVM's environment
     * @param classPath the class path
     * @param mainClass the class to run
     * @param args its arguments
     * @return the running JVM
     */
    public static ChildJvm start(
            String name,
            Path log,
            Map<String, String> systemProperties,
            Map<String, String> environment,
            String classPath,
            String mainClass,
            List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.add("-Xmx192m");
        command.add("-Xss512k");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        // Dubbo's and nacos-client's caches and logs go under target/, not into the user's home.
        command.add("-Duser.home=" + Logs.home());
        systemProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass);
        command.addAll(args);
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            RUNNING.add(process);
            return new ChildJvm(name, process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the JVM " + name, e);
        }
    }

    /** Sends SIGTERM and returns at once; the JVM's shutdown hooks run. */
    public void terminate() {
        process.destroy();
    }

    /** Sends SIGKILL and waits until the JVM is gone: no shutdown hook runs, its connections just break. */
    public void kill() {
        process.destroyForcibly();
        awaitExit();
    }

    /**
     * Waits until the JVM has exited; fails the test (after a SIGKILL) when it takes too long.
     *
     * @return the exit status
     */
    public int awaitExit() {
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                fail("JVM " + name + " did not exit within " + STOP_TIMEOUT.toSeconds() + " s; log: " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            fail("Interrupted while waiting for JVM " + name);
        }
        RUNNING.remove(process);
        return process.exitValue();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Returns the exit status.
     *
     * @return the status
     * @throws IllegalThreadStateException while the JVM runs
     */
    public int exitValue() {
        return process.exitValue();
    }

    public Path log() {
        return log;
    }

    /**
     * Returns what the JVM printed so far.
     *
     * @return stdout and stderr
     */
    public String output() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the JVM if it still runs: SIGTERM first, SIGKILL if it has not exited in time. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        RUNNING.remove(process);
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElseGet(() -> Path.of(
                        System.getProperty("java.home"), "bin", "java")
                .toString());
    }

    @Override
    public String toString() {
        return "JVM " + name + " (log " + log + ")";
    }
}
