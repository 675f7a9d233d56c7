package dev.nacosapp.benchmarks.report;

import dev.nacosapp.benchmarks.contender.ContenderKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Writes {@code results.md}: the run's header, the figures table, the targets, sections of their own and the notes.
 * Stateless.
 */
public final class MarkdownReport {
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private MarkdownReport() {}

    public static String render(RunInfo run, Environment env, Results results, List<Goals.Check> checks) {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmark results\n\n");
        md.append("Taken ")
                .append(DATE.format(run.startedAt()))
                .append(" with `")
                .append(run.command())
                .append("` in ")
                .append(minutes(run.duration()))
                .append(" (from the start of run.sh, build included).\n\n");
        md.append("| | |\n|---|---|\n");
        md.append("| Machine | ").append(env.machine()).append(" |\n");
        md.append("| JDK | ").append(env.jdk()).append(" |\n");
        md.append("| Versions | Dubbo ")
                .append(env.dubbo())
                .append(", nacos-client ")
                .append(env.nacosClient())
                .append(", nacos-app ")
                .append(env.nacosApp())
                .append(" (commit ")
                .append(env.commit())
                .append("), JMH ")
                .append(env.jmh())
                .append(" |\n");
        md.append("| Server | ").append(run.server()).append(" |\n");
        md.append("| Samples | ").append(run.settings()).append(" |\n\n");

        md.append("## Figures\n\n");
        md.append(table(results, checks));
        md.append("\nn counts samples; a timed-out sample is listed separately and left out of median and p95.\n");

        md.append("\n## Targets (nacos-app, ratios within this run)\n\n");
        md.append("| Figure | Target | Met? | Measured |\n|---|---|---|---|\n");
        for (Goals.Check check : checks) {
            md.append("| ")
                    .append(check.figure().label())
                    .append(" | ")
                    .append(check.goal())
                    .append(" | ")
                    .append(check.status().text())
                    .append(" | ")
                    .append(check.evidence())
                    .append(" |\n");
        }
        for (Section section : results.sections()) {
            md.append('\n').append(section.markdown());
        }
        List<String> notes = results.notes();
        if (!notes.isEmpty()) {
            md.append("\n## Notes\n\n");
            for (String note : notes) {
                md.append("- ").append(note).append('\n');
            }
        }
        md.append("\n## Raw samples\n\n");
        for (CsvTable table : results.tables()) {
            md.append("- `").append(table.fileName()).append("`\n");
        }
        md.append("\nHow each figure is taken: see `benchmarks/README.md`.\n");
        return md.toString();
    }

    /** The figures table alone, also printed at the end of a run. */
    public static String table(Results results, List<Goals.Check> checks) {
        StringBuilder md = new StringBuilder();
        md.append("| Figure | Contender | Median | p95 | n | Target for nacos-app |\n");
        md.append("|---|---|---:|---:|---:|---|\n");
        for (Results.Series series : results.all()) {
            Figure figure = series.figure();
            ContenderKind contender = series.contender();
            List<Double> samples = series.samples();
            String median = samples.isEmpty() ? "—" : figure.format(Stats.median(samples)) + " " + figure.unit();
            String p95 = samples.size() < 2 ? "—" : figure.format(Stats.p95(samples)) + " " + figure.unit();
            if (contender == ContenderKind.RAW && figure.id().startsWith("conversion.")) {
                // The raw client converts nothing: its row is the floor of the callback, not a conversion cost.
                median = "n/a";
                p95 = "n/a";
            }
            String n = samples.size() + (series.missed() > 0 ? " (+" + series.missed() + " timed out)" : "");
            md.append("| ")
                    .append(figure.label())
                    .append(" | ")
                    .append(contender.label())
                    .append(" | ")
                    .append(median)
                    .append(" | ")
                    .append(p95)
                    .append(" | ")
                    .append(n)
                    .append(" | ")
                    .append(Goals.cell(checks, figure, contender))
                    .append(" |\n");
        }
        return md.toString();
    }

    /** Writes results.md and every CSV table into {@code directory}. */
    public static void write(Path directory, String markdown, Results results) throws IOException {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("results.md"), markdown, StandardCharsets.UTF_8);
        for (CsvTable table : results.tables()) {
            table.write(directory);
        }
    }

    private static String minutes(java.time.Duration duration) {
        long seconds = duration.toSeconds();
        return seconds / 60 + " min " + seconds % 60 + " s";
    }
}
