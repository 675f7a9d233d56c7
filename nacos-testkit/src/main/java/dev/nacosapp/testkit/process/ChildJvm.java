package dev.nacosapp.testkit.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A JVM started from this one, for a demo, a test or a benchmark that runs a provider or a consumer in a process of its
 * own: the same {@code java}, this JVM's class path unless told otherwise, the given flags, properties, environment and
 * arguments. Its output goes to a log file, or its stdout to the caller for a line protocol ({@link
 * Builder#pipeStdout()}). Stopping sends SIGTERM first, so the child's shutdown hooks run (Dubbo deregisters there),
 * and SIGKILL only after a grace period. Children still running when this JVM exits are killed, unless started with
 * {@link Builder#keepOnExit()}. Thread-safe.
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

    private final String name;
    private final Process process;
    private final Path log;
    private final boolean pipedStdout;

    private ChildJvm(String name, Process process, Path log, boolean pipedStdout) {
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
    public static Builder builder(String name, String mainClass) {
        return new Builder(name, mainClass);
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
     * @throws IllegalStateException unless started with {@link Builder#pipeStdout()}
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

    /** What to start; {@link #start()} may be called more than once. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private final String mainClass;
        private final List<String> flags = new ArrayList<>();
        private final Map<String, String> systemProperties = new LinkedHashMap<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final List<String> args = new ArrayList<>();
        private String java =
                Path.of(System.getProperty("java.home"), "bin", "java").toString();
        private String classPath = System.getProperty("java.class.path");
        private Path log;
        private boolean pipeStdout;
        private boolean appendLog;
        private boolean killOnExit = true;

        private Builder(String name, String mainClass) {
            this.name = name;
            this.mainClass = mainClass;
        }

        /** The {@code java} command; by default the one running this JVM. */
        public Builder java(String command) {
            this.java = command;
            return this;
        }

        /** The class path; by default this JVM's. */
        public Builder classPath(String path) {
            this.classPath = path;
            return this;
        }

        /** JVM options such as {@code -Xmx192m}, in order, before the system properties. */
        public Builder flags(List<String> options) {
            flags.addAll(options);
            return this;
        }

        public Builder systemProperty(String key, String value) {
            systemProperties.put(key, value);
            return this;
        }

        public Builder systemProperties(Map<String, String> properties) {
            systemProperties.putAll(properties);
            return this;
        }

        /**
         * Hands the given system properties of this JVM down to the child, those that are set: where to keep caches
         * and logs, for instance.
         */
        public Builder inherit(List<String> keys) {
            for (String key : keys) {
                String value = System.getProperty(key);
                if (value != null) {
                    systemProperties.put(key, value);
                }
            }
            return this;
        }

        /** Variables added to this JVM's environment for the child. */
        public Builder environment(Map<String, String> variables) {
            environment.putAll(variables);
            return this;
        }

        public Builder args(List<String> arguments) {
            args.addAll(arguments);
            return this;
        }

        /** Where the output goes; required. The file is replaced unless {@link #appendLog()} is set. */
        public Builder log(Path file) {
            this.log = file;
            return this;
        }

        /** Appends to the log instead of replacing it: one log for the JVMs started one after the other. */
        public Builder appendLog() {
            this.appendLog = true;
            return this;
        }

        /** Stdout to {@link ChildJvm#stdout()} instead of the log, which then gets stderr only. */
        public Builder pipeStdout() {
            this.pipeStdout = true;
            return this;
        }

        /**
         * Leaves the child running when this JVM exits: for a caller whose own shutdown hook stops its children
         * gracefully, which the default SIGKILL on exit would cut short.
         */
        public Builder keepOnExit() {
            this.killOnExit = false;
            return this;
        }

        /**
         * Starts the JVM.
         *
         * @throws IllegalStateException when no log was given
         * @throws UncheckedIOException when the log cannot be created or the process cannot start
         */
        public ChildJvm start() {
            if (log == null) {
                throw new IllegalStateException("JVM " + name + ": no log file given (Builder.log)");
            }
            List<String> command = new ArrayList<>();
            command.add(java);
            command.addAll(flags);
            systemProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
            command.add("-cp");
            command.add(classPath);
            command.add(mainClass);
            command.addAll(args);
            ProcessBuilder.Redirect toLog = appendLog
                    ? ProcessBuilder.Redirect.appendTo(log.toFile())
                    : ProcessBuilder.Redirect.to(log.toFile());
            ProcessBuilder builder = new ProcessBuilder(command);
            if (pipeStdout) {
                builder.redirectError(toLog);
            } else {
                builder.redirectErrorStream(true).redirectOutput(toLog);
            }
            builder.environment().putAll(environment);
            try {
                Path folder = log.toAbsolutePath().getParent();
                if (folder != null) {
                    Files.createDirectories(folder);
                }
                Process process = builder.start();
                if (killOnExit) {
                    KILLED_ON_EXIT.add(process);
                }
                return new ChildJvm(name, process, log, pipeStdout);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start the JVM " + name + " (" + mainClass + ")", e);
            }
        }
    }
}
