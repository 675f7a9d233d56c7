package dev.nacosapp.benchmarks.run;

import dev.nacosapp.benchmarks.incremental.PushOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a run measures and how much, read once from system properties ({@code -Dbench.…}, set by
 * {@code benchmarks/run.sh}); the defaults fit the whole set in well under ten minutes on two cores. Immutable.
 *
 * @param nacosAddr {@code -Dnacos.addr} or {@code NACOS_ADDR}: a real Nacos to measure against; {@code null} starts
 *     the embedded server
 * @param pushDelayMillis the embedded server's push delay ({@code bench.push-delay-ms}, default 0)
 * @param phases which figures to take ({@code bench.phases}, default all: propagation, end-to-end, footprint,
 *     reconciliation, recovery, conversion)
 * @param resultsDir where results.md and the CSVs go ({@code bench.results-dir})
 * @param workDir logs and scratch files ({@code bench.work-dir})
 * @param propagationRounds provider JVMs started for propagation; each gives one SIGKILL sample
 * @param propagationCycles register/deregister cycles per provider JVM, before its final register and kill
 * @param endToEndSamples provider JVM starts timed end to end (after one untimed warm-up)
 * @param footprintApps the numbers of subscribed applications to take the footprint with
 * @param footprintInstances the sizes of the large applications (one application each, the scale curve)
 * @param reconciliationApps applications each consumer of the reconciliation figures watches
 * @param reconciliationWindowSeconds the length of each window those consumers are measured in once every list was
 *     delivered
 * @param reconciliationWindows consecutive windows (2 or more); the report shows the first and the last
 * @param recoveryRestarts embedded server restarts
 * @param conversionSizes push sizes of the conversion benchmark (the scale curve: cost per instance should be flat)
 * @param incrementalSize the push size of the incremental and in-consumer benchmarks
 * @param incrementalChanged how many instances each push changes there: numbers, or {@code all}
 * @param incrementalOrders the orders the pushes list their instances in there: {@code registration}, {@code server}
 * @param jmhWarmups JMH warm-up iterations
 * @param jmhIterations JMH measurement iterations
 * @param jmhIterationMillis length of each JMH iteration
 */
public record BenchSettings(
        String nacosAddr,
        long pushDelayMillis,
        Set<String> phases,
        Path resultsDir,
        Path workDir,
        int propagationRounds,
        int propagationCycles,
        int endToEndSamples,
        List<Integer> footprintApps,
        List<Integer> footprintInstances,
        int reconciliationApps,
        int reconciliationWindowSeconds,
        int reconciliationWindows,
        int recoveryRestarts,
        List<Integer> conversionSizes,
        int incrementalSize,
        List<String> incrementalChanged,
        List<String> incrementalOrders,
        int jmhWarmups,
        int jmhIterations,
        int jmhIterationMillis) {

    public static final List<String> ALL_PHASES =
            List.of("propagation", "end-to-end", "footprint", "reconciliation", "recovery", "conversion");

    public static BenchSettings fromSystemProperties() {
        String addr = System.getProperty("nacos.addr");
        if (addr == null || addr.isBlank()) {
            addr = System.getenv("NACOS_ADDR");
        }
        Set<String> phases = new TreeSet<>(strings("bench.phases", String.join(",", ALL_PHASES)));
        for (String phase : phases) {
            if (!ALL_PHASES.contains(phase)) {
                throw new IllegalArgumentException(
                        "bench.phases: unknown phase '" + phase + "'; known: " + String.join(", ", ALL_PHASES));
            }
        }
        List<Integer> apps = integers("bench.footprint.apps", "200,1000");
        if (apps.size() != 2) {
            throw new IllegalArgumentException("bench.footprint.apps needs two numbers, e.g. 200,1000");
        }
        return new BenchSettings(
                addr == null || addr.isBlank() ? null : addr.trim(),
                integer("bench.push-delay-ms", 0),
                phases,
                Path.of(System.getProperty("bench.results-dir", "benchmarks/results")),
                Path.of(System.getProperty("bench.work-dir", "benchmarks/target/bench-work")),
                integer("bench.propagation.rounds", 20),
                integer("bench.propagation.cycles", 2),
                integer("bench.end-to-end.samples", 5),
                apps,
                integers("bench.footprint.instances", "1000,10000,50000"),
                integer("bench.reconciliation.apps", 1000),
                integer("bench.reconciliation.window-s", 60),
                Math.max(2, integer("bench.reconciliation.windows", 2)),
                integer("bench.recovery.restarts", 6),
                integers("bench.conversion.sizes", "1000,10000,50000"),
                integer("bench.incremental.size", 10_000),
                strings("bench.incremental.changed", "1,100,all"),
                orders(strings("bench.incremental.order", "registration,server")),
                integer("bench.jmh.warmups", 3),
                integer("bench.jmh.iterations", 5),
                integer("bench.jmh.iteration-ms", 1000));
    }

    private static List<String> orders(List<String> names) {
        return names.stream().map(name -> PushOrder.of(name).id()).distinct().toList();
    }

    public boolean runs(String phase) {
        return phases.contains(phase);
    }

    public boolean embedded() {
        return nacosAddr == null;
    }

    /** Where the logs of child JVMs go: {@code logs} in the work directory, beside the harness's own. */
    public Path logDir() {
        return workDir.resolve("logs");
    }

    private static int integer(String key, int defaultValue) {
        String value = System.getProperty(key);
        if (value == null) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(key + "='" + value + "' is not a number of 0 or more");
    }

    private static List<Integer> integers(String key, String defaultValue) {
        try {
            return strings(key, defaultValue).stream().map(Integer::valueOf).toList();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "='" + System.getProperty(key) + "' is not a list of numbers");
        }
    }

    private static List<String> strings(String key, String defaultValue) {
        return Arrays.stream(System.getProperty(key, defaultValue).split(","))
                .map(s -> s.trim().toLowerCase(Locale.ROOT))
                .filter(s -> !s.isEmpty())
                .toList();
    }
}
