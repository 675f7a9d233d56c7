package dev.nacosapp.it.support;

import static org.assertj.core.api.Assertions.fail;

import dev.nacosapp.it.app.ProviderMain;
import dev.nacosapp.it.app.ProviderSpec;
import dev.nacosapp.testkit.process.ChildJvm;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A provider JVM: {@link ProviderMain} running the given {@link ProviderSpec}s, logging to
 * {@code target/it-logs/<test class>/<name>.log}. Dubbo in it keeps its default choice of address (the machine's
 * network card), which {@code register-host} overrides. Stop it gracefully (SIGTERM: Dubbo's shutdown hook
 * deregisters), kill it (SIGKILL) or close it. Thread-safe.
 */
public final class ProviderProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final String name;

    private final List<ProviderSpec> specs;

    private final ChildJvm jvm;

    private ProviderProcess(String name, List<ProviderSpec> specs, ChildJvm jvm) {
        this.name = name;
        this.specs = specs;
        this.jvm = jvm;
    }

    /**
     * Starts a provider JVM without waiting for it.
     *
     * @param testClass the test, which names the log directory
     * @param specs the providers to run in that JVM, at least one
     * @return the process
     */
    public static ProviderProcess launch(Class<?> testClass, ProviderSpec... specs) {
        return launch(testClass, Map.of(), specs);
    }

    /**
     * Starts a provider JVM with extra system properties, without waiting for it.
     *
     * @param testClass the test, which names the log directory
     * @param systemProperties {@code -D} options for that JVM
     * @param specs the providers to run in that JVM, at least one
     * @return the process
     */
    public static ProviderProcess launch(
            Class<?> testClass, Map<String, String> systemProperties, ProviderSpec... specs) {
        return launch(testClass, System.getProperty("java.class.path"), systemProperties, specs);
    }

    /**
     * Starts a provider JVM on a class path of its own (which has {@link ProviderMain}), without waiting for it.
     *
     * @param testClass the test, which names the log directory
     * @param classPath that JVM's class path
     * @param systemProperties {@code -D} options for that JVM
     * @param specs the providers to run in that JVM, at least one
     * @return the process
     */
    public static ProviderProcess launch(
            Class<?> testClass, String classPath, Map<String, String> systemProperties, ProviderSpec... specs) {
        List<ProviderSpec> all = List.of(specs);
        String name = all.get(0).name();
        Path dir = Logs.dirFor(testClass);
        Path config = dir.resolve(name + ".properties");
        try (OutputStream out = Files.newOutputStream(config)) {
            ProviderSpec.toProperties(all).store(out, "providers of " + name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChildJvm jvm = TestJvms.builder(name, ProviderMain.class.getName())
                .classPath(classPath)
                .log(dir.resolve(name + ".log"))
                .systemProperty("org.slf4j.simpleLogger.defaultLogLevel", "info")
                .systemProperties(systemProperties)
                .args(List.of(config.toString()))
                .start();
        return new ProviderProcess(name, all, jvm);
    }

    /**
     * Starts a provider JVM and waits until its providers have started.
     *
     * @param testClass the test, which names the log directory
     * @param specs the providers to run in that JVM
     * @return the ready process
     */
    public static ProviderProcess start(Class<?> testClass, ProviderSpec... specs) {
        return launch(testClass, specs).awaitReady();
    }

    /**
     * Waits until the providers have started; fails the test with the cause when they cannot.
     *
     * @return this process
     */
    public ProviderProcess awaitReady() {
        Waits.within(START_TIMEOUT)
                .until(() -> output().contains(ProviderMain.READY) || failure().isPresent());
        failure()
                .ifPresent(
                        reason -> fail("Provider JVM " + name + " failed to start: " + reason + "\nlog: " + jvm.log()));
        return this;
    }

    /**
     * Waits for the JVM to give up starting and returns why.
     *
     * @return the {@link ProviderMain#FAILED} line, without its prefix
     */
    public String awaitStartupFailure() {
        Waits.within(START_TIMEOUT).until(() -> !jvm.isAlive() || output().contains(ProviderMain.READY));
        return failure().orElseGet(() -> fail("Provider JVM " + name + " did not fail to start; log: " + jvm.log()));
    }

    /**
     * Returns why startup failed, if it did.
     *
     * @return the cause chain the JVM printed, or empty
     */
    public Optional<String> failure() {
        String out = output();
        int at = out.indexOf(ProviderMain.FAILED);
        if (at < 0) {
            return jvm.isAlive() || out.contains(ProviderMain.READY)
                    ? Optional.empty()
                    : Optional.of("exited with status " + jvm.exitValue() + " before it was ready");
        }
        int end = out.indexOf('\n', at);
        return Optional.of(out.substring(at + ProviderMain.FAILED.length(), end < 0 ? out.length() : end));
    }

    /**
     * Stops the JVM with SIGTERM, which runs Dubbo's shutdown hook, and waits until it has exited.
     *
     * @return the exit status
     */
    public int stopGracefully() {
        terminate();
        return awaitExit();
    }

    /** Sends SIGTERM and returns at once; Dubbo's shutdown hook then deregisters and closes the servers. */
    public void terminate() {
        jvm.terminate();
    }

    /**
     * Kills the JVM with SIGKILL and waits until it is gone: no shutdown hook runs, the connection to Nacos just
     * breaks.
     */
    public void kill() {
        jvm.kill();
        awaitExit();
    }

    /**
     * Waits until the JVM has exited; fails the test when it takes longer than {@link TestJvms#STOP_TIMEOUT}.
     *
     * @return the exit status
     */
    public int awaitExit() {
        return TestJvms.awaitExit(jvm);
    }

    public boolean isAlive() {
        return jvm.isAlive();
    }

    public String name() {
        return name;
    }

    public List<ProviderSpec> specs() {
        return specs;
    }

    public ProviderSpec spec() {
        return specs.get(0);
    }

    public Path log() {
        return jvm.log();
    }

    /**
     * Returns what the JVM printed so far.
     *
     * @return stdout and stderr
     */
    public String output() {
        return jvm.output();
    }

    /** Stops the JVM if it still runs: SIGTERM first, SIGKILL if it has not exited in time. */
    @Override
    public void close() {
        jvm.close();
    }

    @Override
    public String toString() {
        return "provider JVM " + name + " " + specs;
    }
}
