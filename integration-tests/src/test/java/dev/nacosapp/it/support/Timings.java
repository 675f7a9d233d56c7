package dev.nacosapp.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * Reports times the suite measures (never asserted on): printed to the test output and appended to
 * {@code target/it-logs/timings.txt}, one line each.
 */
public final class Timings {

    private Timings() {}

    /**
     * Reports one measured time.
     *
     * @param target which Nacos target the test ran against
     * @param what what was measured
     * @param time how long it took
     */
    public static synchronized void report(String target, String what, Duration time) {
        String line = "[timing] " + what + ": " + time.toMillis() + " ms (" + target + ")";
        System.out.println(line);
        try {
            Path file = Logs.root().resolve("timings.txt");
            Files.createDirectories(file.getParent());
            Files.writeString(
                    file,
                    line + System.lineSeparator(),
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
