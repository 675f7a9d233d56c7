package dev.nacosapp.it.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a child JVM's output as log records and picks what nacos-app wrote there. A record is a line of the SLF4J
 * simple logger ({@code HH:mm:ss.SSS [thread] LEVEL logger - message}) or of the test's own mains ({@code IT-...}),
 * with the lines that follow it up to the next record: a multi-line message, a stack trace. The JVM must log with
 * {@link #OPTIONS}, which print full logger names. Stateless.
 */
public final class LibraryLog {

    /** System properties for a child JVM: full logger names, and nacos-app at DEBUG so that every line it has shows. */
    public static final Map<String, String> OPTIONS = Map.of(
            "org.slf4j.simpleLogger.showShortLogName", "false",
            "org.slf4j.simpleLogger.showLogName", "true",
            "org.slf4j.simpleLogger.log.dev.nacosapp", "debug");

    private static final Pattern LOG_LINE =
            Pattern.compile("^\\d{2}:\\d{2}:\\d{2}\\.\\d{3} \\[.*?] (?:TRACE|DEBUG|INFO|WARN|ERROR) (\\S+) - ");

    /** nacos-app's package; the test's own classes ({@code dev.nacosapp.it}) show in Dubbo's lines and are not it. */
    private static final String LIBRARY_PACKAGE = "dev.nacosapp.dubbo.";

    /** How every message nacos-app logs or throws starts; {@code nacos-app://} addresses in Dubbo's lines do not match. */
    private static final String LIBRARY_MESSAGE = "nacos-app: ";

    private LibraryLog() {}

    /**
     * One record of the output.
     *
     * @param logger the logger's full name, or null for a line the test's mains printed
     * @param lines the first line and its continuation lines
     */
    public record Entry(String logger, List<String> lines) {

        public boolean isLibrarys() {
            return logger != null && logger.startsWith(LIBRARY_PACKAGE);
        }
    }

    /**
     * Splits output into records. Lines before the first record (JVM warnings) form a record with no logger.
     *
     * @param output what the JVM printed
     * @return the records, in order
     */
    public static List<Entry> entries(String output) {
        List<Entry> entries = new ArrayList<>();
        String logger = null;
        List<String> lines = new ArrayList<>();
        for (String line : output.split("\n", -1)) {
            Matcher logLine = LOG_LINE.matcher(line);
            boolean starts = logLine.find() || line.startsWith("IT-");
            if (starts) {
                if (!lines.isEmpty()) {
                    entries.add(new Entry(logger, List.copyOf(lines)));
                }
                logger = line.startsWith("IT-") ? null : logLine.group(1);
                lines = new ArrayList<>();
            }
            lines.add(line);
        }
        if (!lines.isEmpty()) {
            entries.add(new Entry(logger, List.copyOf(lines)));
        }
        return entries;
    }

    /**
     * Returns every line nacos-app wrote: each line of a record of a logger under {@code dev.nacosapp.dubbo} (stack traces
     * included), and from any other record each line that carries a nacos-app message or names a nacos-app class,
     * such as a nacos-app exception in a stack trace Dubbo or a test main printed.
     *
     * @param output what the JVM printed
     * @return those lines, in order
     */
    public static List<String> lines(String output) {
        List<String> library = new ArrayList<>();
        for (Entry entry : entries(output)) {
            for (String line : entry.lines()) {
                if (entry.isLibrarys() || line.contains(LIBRARY_MESSAGE) || line.contains(LIBRARY_PACKAGE)) {
                    library.add(line);
                }
            }
        }
        return library;
    }
}
