package dev.nacosapp.testkit.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What {@link ChildJvm} to start; {@link #start()} may be called more than once. Not thread-safe. */
public final class ChildJvmBuilder {
    private final String name;
    private final String mainClass;
    private final List<String> flags = new ArrayList<>();
    private final Map<String, String> systemProperties = new LinkedHashMap<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final Set<String> removedEnvironment = new LinkedHashSet<>();
    private final List<String> args = new ArrayList<>();
    private String java =
            Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private String classPath = System.getProperty("java.class.path");
    private Path log;
    private boolean pipeStdout;
    private boolean appendLog;
    private boolean killOnExit = true;

    ChildJvmBuilder(String name, String mainClass) {
        this.name = name;
        this.mainClass = mainClass;
    }

    /** The {@code java} command; by default the one running this JVM. */
    public ChildJvmBuilder java(String command) {
        this.java = command;
        return this;
    }

    /** The class path; by default this JVM's. */
    public ChildJvmBuilder classPath(String path) {
        this.classPath = path;
        return this;
    }

    /** JVM options such as {@code -Xmx192m}, in order, before the system properties. */
    public ChildJvmBuilder flags(List<String> options) {
        flags.addAll(options);
        return this;
    }

    public ChildJvmBuilder systemProperty(String key, String value) {
        systemProperties.put(key, value);
        return this;
    }

    public ChildJvmBuilder systemProperties(Map<String, String> properties) {
        systemProperties.putAll(properties);
        return this;
    }

    /**
     * Hands the given system properties of this JVM down to the child, those that are set: where to keep caches
     * and logs, for instance.
     */
    public ChildJvmBuilder inherit(List<String> keys) {
        for (String key : keys) {
            String value = System.getProperty(key);
            if (value != null) {
                systemProperties.put(key, value);
            }
        }
        return this;
    }

    /** Variables added to this JVM's environment for the child. */
    public ChildJvmBuilder environment(Map<String, String> variables) {
        environment.putAll(variables);
        return this;
    }

    /**
     * Variables of this JVM's environment the child does not get: a setting the child would read from its
     * environment, such as a server address, that must come from the test instead.
     */
    public ChildJvmBuilder withoutEnvironment(List<String> names) {
        removedEnvironment.addAll(names);
        return this;
    }

    public ChildJvmBuilder args(List<String> arguments) {
        args.addAll(arguments);
        return this;
    }

    /** Where the output goes; required. The file is replaced unless {@link #appendLog()} is set. */
    public ChildJvmBuilder log(Path file) {
        this.log = file;
        return this;
    }

    /** Appends to the log instead of replacing it: one log for the JVMs started one after the other. */
    public ChildJvmBuilder appendLog() {
        this.appendLog = true;
        return this;
    }

    /** Stdout to {@link ChildJvm#stdout()} instead of the log, which then gets stderr only. */
    public ChildJvmBuilder pipeStdout() {
        this.pipeStdout = true;
        return this;
    }

    /**
     * Leaves the child running when this JVM exits: for a caller whose own shutdown hook stops its children
     * gracefully, which the default SIGKILL on exit would cut short.
     */
    public ChildJvmBuilder keepOnExit() {
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
            throw new IllegalStateException("JVM " + name + ": no log file given (ChildJvmBuilder.log)");
        }
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(flags);
        systemProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass);
        command.addAll(args);
        ProcessBuilder.Redirect toLog =
                appendLog ? ProcessBuilder.Redirect.appendTo(log.toFile()) : ProcessBuilder.Redirect.to(log.toFile());
        ProcessBuilder builder = new ProcessBuilder(command);
        if (pipeStdout) {
            builder.redirectError(toLog);
        } else {
            builder.redirectErrorStream(true).redirectOutput(toLog);
        }
        builder.environment().keySet().removeAll(removedEnvironment);
        builder.environment().putAll(environment);
        try {
            Path folder = log.toAbsolutePath().getParent();
            if (folder != null) {
                Files.createDirectories(folder);
            }
            Process process = builder.start();
            if (killOnExit) {
                ChildJvm.killOnExit(process);
            }
            return new ChildJvm(name, process, log, pipeStdout);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the JVM " + name + " (" + mainClass + ")", e);
        }
    }
}
