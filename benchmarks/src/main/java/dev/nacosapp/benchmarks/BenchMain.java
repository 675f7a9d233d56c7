package dev.nacosapp.benchmarks;

import dev.nacosapp.benchmarks.contender.RemoteContender;
import dev.nacosapp.benchmarks.conversion.ConversionRunner;
import dev.nacosapp.benchmarks.e2e.EndToEndBenchmark;
import dev.nacosapp.benchmarks.footprint.FootprintBenchmark;
import dev.nacosapp.benchmarks.footprint.Scenario;
import dev.nacosapp.benchmarks.propagation.PropagationBenchmark;
import dev.nacosapp.benchmarks.reconciliation.ReconciliationBenchmark;
import dev.nacosapp.benchmarks.recovery.RecoveryBenchmark;
import dev.nacosapp.benchmarks.report.CsvTable;
import dev.nacosapp.benchmarks.report.Environment;
import dev.nacosapp.benchmarks.report.Goals;
import dev.nacosapp.benchmarks.report.MarkdownReport;
import dev.nacosapp.benchmarks.report.Results;
import dev.nacosapp.benchmarks.report.RunInfo;
import dev.nacosapp.benchmarks.report.Stats;
import dev.nacosapp.benchmarks.run.BenchContext;
import dev.nacosapp.benchmarks.run.BenchSettings;
import dev.nacosapp.benchmarks.run.NacosUnderTest;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Runs every benchmark figure for the three contenders against one server, then writes {@code results.md} and the
 * raw CSVs. Start it through {@code benchmarks/run.sh}, which builds the module and sets the classpath and work
 * directories. A phase that fails is reported and the others still run; the exit status is then 1.
 */
public final class BenchMain {
    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        BenchSettings settings = BenchSettings.fromSystemProperties();
        Instant startedAt = Instant.ofEpochMilli(Long.getLong("bench.command-started-ms", System.currentTimeMillis()));
        long startNanos =
                System.nanoTime() - Duration.between(startedAt, Instant.now()).toNanos();
        Results results = new Results();
        Files.createDirectories(settings.workDir());
        boolean failed = false;
        String server = "none (no server phase ran)";

        if (settings.runs("propagation")
                || settings.runs("end-to-end")
                || settings.runs("footprint")
                || settings.runs("reconciliation")
                || settings.runs("recovery")) {
            try (NacosUnderTest nacos = NacosUnderTest.start(settings)) {
                server = nacos.describe();
                BenchContext context = new BenchContext(settings, nacos, results, startNanos);
                context.say("server: %s", server);
                List<RemoteContender> contenders = RemoteContender.startAll(context.logDir(), nacos.serverAddr());
                try {
                    failed |= phase(context, "propagation", () -> new PropagationBenchmark(context, contenders).run());
                    failed |=
                            phase(context, "end-to-end", () -> new EndToEndBenchmark(context, contenders.get(0)).run());
                    failed |= phase(context, "footprint", () -> new FootprintBenchmark(context).run());
                    failed |= phase(context, "reconciliation", () -> new ReconciliationBenchmark(context).run());
                    failed |= phase(context, "recovery", () -> new RecoveryBenchmark(context, contenders).run());
                } finally {
                    contenders.forEach(RemoteContender::close);
                }
            }
        }
        BenchContext offline = new BenchContext(settings, null, results, startNanos);
        failed |= phase(offline, "conversion", () -> new ConversionRunner(offline).run());

        List<Scenario> scenarios =
                FootprintBenchmark.scenarios(settings.footprintApps(), settings.footprintInstances());
        List<Goals.Check> checks = Goals.evaluate(
                results,
                new Goals.Inputs(
                        settings.conversionSizes(),
                        settings.incrementalSize(),
                        scenarios.get(0).subscriptionThreadsFigure(),
                        scenarios.get(1).subscriptionThreadsFigure(),
                        scenarios.get(1).heapFigure(),
                        settings.footprintInstances(),
                        scenarios.subList(2, scenarios.size()).stream()
                                .map(Scenario::heapFigure)
                                .toList()));
        summarise(results);
        Duration duration = Duration.ofNanos(System.nanoTime() - startNanos);
        RunInfo run = new RunInfo(
                startedAt,
                duration,
                server,
                System.getProperty("bench.command", "benchmarks/run.sh"),
                describe(settings));
        String markdown = MarkdownReport.render(run, Environment.detect(), results, checks);
        MarkdownReport.write(settings.resultsDir(), markdown, results);
        offline.say("results written to %s", settings.resultsDir().resolve("results.md"));
        System.out.println();
        System.out.println(MarkdownReport.table(results, checks));
        results.sections().forEach(section -> System.out.println(section.markdown()));
        // Dubbo and nacos-client leave non-daemon threads behind.
        System.exit(failed ? 1 : 0);
    }

    private interface Phase {
        void run() throws Exception;
    }

    /** Runs a phase if selected; returns whether it failed. */
    private static boolean phase(BenchContext context, String name, Phase phase) {
        if (!context.settings().runs(name)) {
            return false;
        }
        context.say("%s: starting", name);
        try {
            phase.run();
            context.say("%s: done", name);
            return false;
        } catch (Exception | Error e) {
            context.say("%s: FAILED: %s", name, e);
            e.printStackTrace();
            context.results().note("The " + name + " phase failed and its figures are incomplete: " + e);
            return true;
        }
    }

    /** The table's rows as CSV, for tools. */
    private static void summarise(Results results) {
        CsvTable summary =
                results.table("summary.csv", "figure", "label", "unit", "contender", "median", "p95", "n", "timed_out");
        for (Results.Series series : results.all()) {
            List<Double> samples = series.samples();
            summary.add(
                    series.figure().id(),
                    series.figure().label(),
                    series.figure().unit(),
                    series.contender().id(),
                    samples.isEmpty() ? "" : String.format(Locale.ROOT, "%.4f", Stats.median(samples)),
                    samples.isEmpty() ? "" : String.format(Locale.ROOT, "%.4f", Stats.p95(samples)),
                    samples.size(),
                    series.missed());
        }
    }

    private static String describe(BenchSettings s) {
        return String.format(
                Locale.ROOT,
                "propagation: %d provider JVMs x %d register/deregister cycles + 1 register + SIGKILL;"
                        + " end to end: %d provider JVMs after 1 warm-up; footprint: %s apps of %d instances and 1 app"
                        + " each of %s instances, one JVM per contender and case; reconciliation: %,d apps of %d instances,"
                        + " 3 nacos-app consumer JVMs at once, %d windows of %d s; recovery: %d restarts of 3 providers;"
                        + " conversion (sizes %s) and incremental pushes (%,d instances, changed %s, %s order): JMH, 1 fork,"
                        + " %d warm-up + %d measured iterations of %d ms, -prof gc",
                s.propagationRounds(),
                s.propagationCycles(),
                s.endToEndSamples(),
                s.footprintApps().get(0) + " and " + s.footprintApps().get(1),
                Scenario.SMALL_APP_INSTANCES,
                s.footprintInstances(),
                s.reconciliationApps(),
                ReconciliationBenchmark.INSTANCES_EACH,
                s.reconciliationWindows(),
                s.reconciliationWindowSeconds(),
                s.recoveryRestarts(),
                s.conversionSizes(),
                s.incrementalSize(),
                String.join("/", s.incrementalChanged()),
                String.join("/", s.incrementalOrders()),
                s.jmhWarmups(),
                s.jmhIterations(),
                s.jmhIterationMillis());
    }
}
