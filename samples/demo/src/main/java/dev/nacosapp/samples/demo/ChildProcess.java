package dev.nacosapp.samples.demo;

import dev.nacosapp.testkit.process.ChildJvm;
import dev.nacosapp.testkit.process.ChildJvmBuilder;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One JVM the demo started, with its output going to a file: the test kit's {@link ChildJvm} with what the demo adds,
 * a failure that names the output file when the JVM died, and a grace period short enough for a demo. Stopping sends
 * SIGTERM first so the JVM's shutdown hooks run (Dubbo deregisters there), and kills it only if it has not exited
 * after the grace period. Thread-safe.
 */
class ChildProcess {
    private static final Duration GRACE = Duration.ofSeconds(15);

    private final ChildJvm jvm;

    ChildProcess(ChildJvm jvm) {
        this.jvm = jvm;
    }

    /** Starts the JVM, with stdout and stderr written to the builder's log. */
    static ChildProcess start(ChildJvmBuilder jvm) {
        return new ChildProcess(jvm.start());
    }

    String name() {
        return jvm.name();
    }

    long pid() {
        return jvm.pid();
    }

    Path output() {
        return jvm.log();
    }

    ChildJvm jvm() {
        return jvm;
    }

    /** Fails naming the output file when the process has already exited. */
    void checkAlive() {
        if (!jvm.isAlive()) {
            throw new DemoFailure(name() + " exited with code " + jvm.exitValue() + "; see " + output());
        }
    }

    /** Sends SIGTERM and returns at once; the JVM runs its shutdown hooks. */
    void stopAsync() {
        jvm.terminate();
    }

    /**
     * Stops gracefully (SIGTERM, unless already sent), then forcibly after the grace period. Returns whether it
     * exited gracefully.
     */
    boolean stop() {
        return jvm.stop(GRACE);
    }
}
