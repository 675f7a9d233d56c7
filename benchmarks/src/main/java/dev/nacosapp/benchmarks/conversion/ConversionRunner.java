package dev.nacosapp.benchmarks.conversion;

import dev.nacosapp.benchmarks.contender.ContenderKind;
import dev.nacosapp.benchmarks.incremental.IncrementalPushBenchmark;
import dev.nacosapp.benchmarks.incremental.PushOrder;
import dev.nacosapp.benchmarks.report.CsvTable;
import dev.nacosapp.benchmarks.report.Figure;
import dev.nacosapp.benchmarks.run.BenchContext;
import dev.nacosapp.benchmarks.run.BenchSettings;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link ConversionBenchmark} under JMH with the GC profiler (one fork, short iterations, so the whole run stays
 * within its time budget) and turns every measurement iteration into one sample of time and allocation per instance.
 */
public final class ConversionRunner {
    private static final String ALLOCATION_KEY = "gc.alloc.rate.norm";

    private final BenchContext context;
    private final CsvTable csv;
    private final CsvTable incrementalCsv;

    public ConversionRunner(BenchContext context) {
        this.context = context;
        this.csv = context.results()
                .table(
                        "conversion.csv",
                        "contender",
                        "instances",
                        "iteration",
                        "ns_per_push",
                        "ns_per_instance",
                        "bytes_per_push",
                        "bytes_per_instance");
        this.incrementalCsv = context.results()
                .table(
                        "incremental.csv",
                        "contender",
                        "until",
                        "instances",
                        "changed",
                        "order",
                        "iteration",
                        "us_per_push",
                        "bytes_per_push");
    }

    public void run() throws Exception {
        BenchSettings settings = context.settings();
        String[] sizes =
                settings.conversionSizes().stream().map(String::valueOf).toArray(String[]::new);
        String[] changed = settings.incrementalChanged().toArray(String[]::new);
        Options options = new OptionsBuilder()
                .include(ConversionBenchmark.class.getName() + "\\.")
                .include(IncrementalPushBenchmark.class.getName() + "\\.")
                .param("instances", sizes)
                .param("size", String.valueOf(settings.incrementalSize()))
                .param("changed", changed)
                .param("order", settings.incrementalOrders().toArray(String[]::new))
                .forks(1)
                .warmupIterations(settings.jmhWarmups())
                .warmupTime(TimeValue.milliseconds(settings.jmhIterationMillis()))
                .measurementIterations(settings.jmhIterations())
                .measurementTime(TimeValue.milliseconds(settings.jmhIterationMillis()))
                .addProfiler(GCProfiler.class)
                .jvmArgsAppend("-Xms1g", "-Xmx1g")
                .output(settings.workDir().resolve("jmh.log").toString())
                .build();
        context.say(
                "conversion: JMH, %d sizes x 3 contenders and %d incremental cases x 4, output in %s",
                sizes.length, changed.length * settings.incrementalOrders().size(), settings.workDir());
        Collection<RunResult> runs = new Runner(options).run();
        for (RunResult run : runs) {
            String method = run.getParams().getBenchmark();
            String name = method.substring(method.lastIndexOf('.') + 1);
            if (method.startsWith(IncrementalPushBenchmark.class.getName())) {
                incremental(run, name);
                continue;
            }
            ContenderKind kind = contender(name);
            int size = Integer.parseInt(run.getParams().getParam("instances"));
            int iteration = 0;
            for (BenchmarkResult benchmark : run.getBenchmarkResults()) {
                for (IterationResult result : benchmark.getIterationResults()) {
                    iteration++;
                    double nsPerPush = result.getPrimaryResult().getScore();
                    double bytesPerPush = allocation(result.getSecondaryResults());
                    context.results().add(Figure.conversionTime(size), kind, nsPerPush / size);
                    context.results().add(Figure.conversionAllocation(size), kind, bytesPerPush / size);
                    csv.add(
                            kind.id(),
                            size,
                            iteration,
                            String.format(Locale.ROOT, "%.1f", nsPerPush),
                            String.format(Locale.ROOT, "%.3f", nsPerPush / size),
                            String.format(Locale.ROOT, "%.1f", bytesPerPush),
                            String.format(Locale.ROOT, "%.3f", bytesPerPush / size));
                }
            }
        }
    }

    private void incremental(RunResult run, String method) {
        boolean inConsumer = method.endsWith("InConsumer");
        ContenderKind kind =
                contender(inConsumer ? method.substring(0, method.length() - "InConsumer".length()) : method);
        int size = Integer.parseInt(run.getParams().getParam("size"));
        String changed = run.getParams().getParam("changed");
        PushOrder order = PushOrder.of(run.getParams().getParam("order"));
        int iteration = 0;
        for (BenchmarkResult benchmark : run.getBenchmarkResults()) {
            for (IterationResult result : benchmark.getIterationResults()) {
                iteration++;
                double microsPerPush = result.getPrimaryResult().getScore();
                double bytesPerPush = allocation(result.getSecondaryResults());
                context.results().add(Figure.pushTime(size, changed, inConsumer, order), kind, microsPerPush);
                context.results()
                        .add(Figure.pushAllocation(size, changed, inConsumer, order), kind, bytesPerPush / 1024);
                incrementalCsv.add(
                        kind.id(),
                        inConsumer ? "consumer" : "listener",
                        size,
                        changed,
                        order.id(),
                        iteration,
                        String.format(Locale.ROOT, "%.1f", microsPerPush),
                        String.format(Locale.ROOT, "%.0f", bytesPerPush));
            }
        }
    }

    private static double allocation(Map<String, Result> secondary) {
        for (Map.Entry<String, Result> entry : secondary.entrySet()) {
            if (entry.getKey().endsWith(ALLOCATION_KEY)) {
                return entry.getValue().getScore();
            }
        }
        throw new IllegalStateException("JMH's GC profiler reported no " + ALLOCATION_KEY + ": " + secondary.keySet());
    }

    private static ContenderKind contender(String method) {
        return switch (method) {
            case "raw" -> ContenderKind.RAW;
            case "builtIn" -> ContenderKind.BUILT_IN;
            case "nacosApp" -> ContenderKind.NACOS_APP;
            default -> throw new IllegalStateException("Unexpected benchmark method " + method);
        };
    }
}
