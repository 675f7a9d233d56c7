package dev.nacosapp.benchmarks.child;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a main class of this module in a fresh JVM on the harness's own classpath and JDK. The child inherits the
 * harness's home, log and cache directories, so nothing it writes lands outside the benchmark's work directory; its
 * stderr goes to {@code <logDir>/<name>.log}. Thread-safe.
 */
public final class ChildJvm {
    /** System properties handed down to every child when the harness has them. */
    private static final List<String> INHERITED = List.of(
            "user.home",
            "JM.LOG.PATH",
            "JM.SNAPSHOT.PATH",
            "nacos.logging.default.config.enabled",
            "org.slf4j.simpleLogger.defaultLogLevel",
            "org.slf4j.simpleLogger.logFile");

    private final Path logDir;

    public ChildJvm(Path logDir) {
        this.logDir = logDir;
    }

    /**
     * Starts {@code main} with the given JVM flags and program arguments.
     *
     * @param name names the log file and error messages
     */
    public ChildProcess start(String name, Class<?> main, List<String> jvmFlags, List<String> args) throws IOException {
        Files.createDirectories(logDir);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        for (String key : INHERITED) {
            String value = System.getProperty(key);
            if (value != null) {
                command.add("-D" + key + "=" + value);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(
                        logDir.resolve(name + ".log").toFile()));
        return new ChildProcess(name, builder.start(), logDir.resolve(name + ".out"));
    }
}
