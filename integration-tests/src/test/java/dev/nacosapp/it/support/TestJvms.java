package dev.nacosapp.it.support;

import static org.assertj.core.api.Assertions.fail;

import dev.nacosapp.testkit.process.ChildJvm;
import dev.nacosapp.testkit.process.ChildJvmBuilder;
import java.time.Duration;
import java.util.List;

/**
 * The suite's settings for the test kit's {@link ChildJvm}: small JVMs quick to start, since the CI machine has two
 * cores for the whole suite, with Dubbo's and nacos-client's caches and logs under {@code target/}; and a wait for a
 * JVM's exit that fails the test when it takes too long. Stateless, so thread-safe.
 */
public final class TestJvms {

    /** How long a JVM may take to exit before the test fails; also what {@link ChildJvm#close()} grants it. */
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private static final List<String> SMALL = List.of("-Xmx192m", "-Xss512k");

    private TestJvms() {}

    /**
     * Starts describing a JVM on this JVM's class path unless told otherwise; the caller adds its log, properties,
     * environment and arguments, and starts it. It is killed if still running when the test JVM exits.
     *
     * @param name names the JVM in messages
     * @param mainClass the class it runs
     * @return the builder
     */
    public static ChildJvmBuilder builder(String name, String mainClass) {
        return ChildJvm.builder(name, mainClass)
                .flags(SMALL)
                .flags(ChildJvm.QUICK_START_FLAGS)
                // Dubbo's and nacos-client's caches and logs go under target/, not into the user's home.
                .systemProperty("user.home", Logs.home().toString());
    }

    /**
     * Waits until the JVM has exited; fails the test (after a SIGKILL) when it takes longer than {@link #STOP_TIMEOUT}.
     *
     * @param jvm the JVM
     * @return its exit status
     */
    public static int awaitExit(ChildJvm jvm) {
        try {
            if (!jvm.awaitExit(STOP_TIMEOUT)) {
                jvm.kill();
                fail(jvm + " did not exit within " + STOP_TIMEOUT.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            jvm.kill();
            fail("Interrupted while waiting for " + jvm);
        }
        return jvm.exitValue();
    }
}
