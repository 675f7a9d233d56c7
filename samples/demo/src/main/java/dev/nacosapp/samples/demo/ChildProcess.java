package dev.nacosapp.samples.demo;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One JVM the demo started, with its output going to a file. Stopping sends SIGTERM first so the JVM's shutdown hooks
 * run (Dubbo deregisters there), and kills it only if it has not exited after a grace period. Thread-safe.
 */
class ChildProcess {
    private static final Duration GRACE = Duration.ofSeconds(15);

    private final String name;
    private final Process process;
    private final Path output;

    ChildProcess(String name, Process process, Path output) {
        this.name = name;
        this.process = process;
        this.output = output;
    }

    /** Starts {@code command} with stdout and stderr written to {@code output}. */
    static ChildProcess start(String name, List<String> command, Map<String, String> env, Path output)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(output.toFile()));
        builder.environment().putAll(env);
        return new ChildProcess(name, builder.start(), output);
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    Path output() {
        return output;
    }

    Process process() {
        return process;
    }

    /** Fails naming the output file when the process has already exited. */
    void checkAlive() {
        if (!process.isAlive()) {
            throw new DemoFailure(name + " exited with code " + process.exitValue() + "; see " + output);
        }
    }

    /** Sends SIGTERM and returns at once; the JVM runs its shutdown hooks. */
    void stopAsync() {
        process.destroy();
    }

    /**
     * Stops gracefully (SIGTERM, unless already sent), then forcibly after the grace period. Returns whether it
     * exited gracefully.
     */
    boolean stop() {
        if (!process.isAlive()) {
            return true;
        }
        process.destroy();
        try {
            if (process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
        return false;
    }
}
