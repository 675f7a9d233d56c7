package dev.nacosapp.benchmarks.run;

import dev.nacosapp.benchmarks.report.Results;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What every phase of a run shares: settings, the server, child JVMs, the results and the progress log. Immutable;
 * {@link #say} may be called from any thread.
 */
public record BenchContext(BenchSettings settings, NacosUnderTest nacos, Results results, long startNanos) {

    /** Prints a progress line with the time since the run started. */
    public void say(String format, Object... args) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        System.out.printf(Locale.ROOT, "[%6.1f s] %s%n", seconds, String.format(Locale.ROOT, format, args));
        System.out.flush();
    }

    public String serverAddr() {
        return nacos.serverAddr();
    }

    /** Where child JVMs write their logs. */
    public Path logDir() {
        return settings.logDir();
    }
}
