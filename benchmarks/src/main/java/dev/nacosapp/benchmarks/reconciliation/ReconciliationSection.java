package dev.nacosapp.benchmarks.reconciliation;

import static dev.nacosapp.benchmarks.reconciliation.Window.format;

import dev.nacosapp.benchmarks.report.Section;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The reconciliation figures as a table of their own in {@code results.md}. Stateless. */
final class ReconciliationSection {
    private ReconciliationSection() {}

    static Section of(int apps, Duration window, Map<Variant, List<Window>> windows, boolean counting) {
        long s = window.toSeconds();
        int count = windows.get(Variant.EVERY_60S).size();
        String firstAndLast = format("first %d s / last %d s of %d s", s, s, s * count);
        List<String> columns = new ArrayList<>();
        columns.add(format(
                "nacos-app consumer, %,d apps of %d instances; %s",
                apps, ReconciliationBenchmark.INSTANCES_EACH, firstAndLast));
        for (Variant variant : Variant.values()) {
            columns.add(variant.label());
        }
        List<List<String>> rows = new ArrayList<>();
        if (counting) {
            rows.add(both(
                    "Queries received by the server, per second", windows, w -> format("%.1f", w.queriesPerSecond())));
        }
        rows.add(both(
                "Consumer JVM CPU time, ms per minute", windows, w -> format("%,.0f", w.perMinute(w.cpuMillis()))));
        rows.add(both(
                "of which its Java threads (the JIT compiler's and GC's left out)",
                windows,
                w -> format("%,.0f", w.perMinute(w.javaThreadCpuMillis()))));
        rows.add(both(
                "of which the reconcile thread",
                windows,
                w -> format("%,.0f", w.perMinute(w.reconcileThreadCpuMillis()))));
        rows.add(both(
                "JIT compilation, ms per minute (elapsed)", windows, w -> format("%,.0f", w.perMinute(w.jitMillis()))));
        rows.add(last(
                "Live threads at the end (peak in the last " + s + " s)",
                windows,
                w -> format("%d (%d)", w.threadsEnd(), w.threadsPeak())));
        rows.add(last(
                "of which `nacos-app-reconcile-*` / `nacos-app-notify-*`",
                windows,
                w -> w.reconcileThreads() + " / " + w.notifyThreads()));

        List<String> paragraphs = new ArrayList<>();
        paragraphs.add(summary(apps, firstAndLast, windows, counting));
        paragraphs.add("The three consumers ran at the same time, each in a fresh JVM ("
                + String.join(" ", ReconciliationBenchmark.PROBE_FLAGS)
                + ") with applications of its own, and were measured in " + count + " consecutive windows once each"
                + " had every list (n = 1 each). Raw values in `reconciliation.csv`; how they are taken in"
                + " `benchmarks/README.md`.");
        if (!counting) {
            paragraphs.add("Queries are counted by the embedded server only; this run used an external Nacos.");
        }
        return new Section("Reconciliation cost", columns, rows, paragraphs);
    }

    private static String summary(int apps, String firstAndLast, Map<Variant, List<Window>> windows, boolean counting) {
        List<Window> on = ends(windows.get(Variant.EVERY_60S));
        List<Window> off = ends(windows.get(Variant.OFF));
        Window none = ends(windows.get(Variant.OFF_NO_TIMEOUT)).get(1);
        double[] process = new double[2];
        double[] java = new double[2];
        for (int i = 0; i < 2; i++) {
            process[i] = on.get(i).perMinute(on.get(i).cpuMillis())
                    - off.get(i).perMinute(off.get(i).cpuMillis());
            java[i] = on.get(i).perMinute(on.get(i).javaThreadCpuMillis())
                    - off.get(i).perMinute(off.get(i).javaThreadCpuMillis());
        }
        return format(
                "**Every 60 s against `reconcile-interval=off`:** %s; CPU per minute %+,.0f / %+,.0f ms for the"
                        + " process (%+,.1f / %+,.1f µs per application), %+,.0f / %+,.0f ms for its Java threads"
                        + " (%+,.1f / %+,.1f µs per application), %s; live threads %+d (%+d"
                        + " against `empty-push-protection-timeout=off` too, the only setting without a reconcile"
                        + " thread).",
                counting
                        ? format(
                                "%+.1f queries/s at the server",
                                on.get(1).queriesPerSecond() - off.get(1).queriesPerSecond())
                        : "queries not counted",
                process[0],
                process[1],
                process[0] * 1000 / apps,
                process[1] * 1000 / apps,
                java[0],
                java[1],
                java[0] * 1000 / apps,
                java[1] * 1000 / apps,
                firstAndLast,
                on.get(1).threadsEnd() - off.get(1).threadsEnd(),
                on.get(1).threadsEnd() - none.threadsEnd());
    }

    /** The first and the last window. */
    private static List<Window> ends(List<Window> windows) {
        return List.of(windows.get(0), windows.get(windows.size() - 1));
    }

    /** A row of "first / last" cells. */
    private static List<String> both(String label, Map<Variant, List<Window>> windows, Function<Window, String> cell) {
        List<String> row = new ArrayList<>(List.of(label));
        for (Variant variant : Variant.values()) {
            List<Window> each = ends(windows.get(variant));
            row.add(cell.apply(each.get(0)) + " / " + cell.apply(each.get(1)));
        }
        return row;
    }

    /** A row of the last window's cells. */
    private static List<String> last(String label, Map<Variant, List<Window>> windows, Function<Window, String> cell) {
        List<String> row = new ArrayList<>(List.of(label));
        for (Variant variant : Variant.values()) {
            List<Window> each = windows.get(variant);
            row.add(cell.apply(each.get(each.size() - 1)));
        }
        return row;
    }
}
