package dev.nacosapp.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where child JVMs write their logs: {@code target/it-logs/<test class>/}, set by Failsafe as {@code it.logDir}. */
public final class Logs {

    private Logs() {}

    /**
     * Returns the root log directory.
     *
     * @return {@code it.logDir}, or {@code target/it-logs} when run outside Maven
     */
    public static Path root() {
        return Path.of(System.getProperty("it.logDir", "target/it-logs"));
    }

    /**
     * Returns the directory child JVMs use as their home, where Dubbo and nacos-client keep caches.
     *
     * @return {@code it.home}, or {@code target/it-home} when run outside Maven
     */
    public static Path home() {
        return Path.of(System.getProperty("it.home", "target/it-home"));
    }

    /**
     * Returns, and creates, the log directory of a test class.
     *
     * @param testClass the test class
     * @return the directory
     */
    public static Path dirFor(Class<?> testClass) {
        Path dir = root().resolve(testClass.getSimpleName());
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }
}
