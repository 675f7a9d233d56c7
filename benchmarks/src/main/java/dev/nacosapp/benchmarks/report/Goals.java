package dev.nacosapp.benchmarks.report;

import static dev.nacosapp.benchmarks.contender.ContenderKind.BUILT_IN;
import static dev.nacosapp.benchmarks.contender.ContenderKind.NACOS_APP;
import static dev.nacosapp.benchmarks.contender.ContenderKind.RAW;

import dev.nacosapp.benchmarks.contender.ContenderKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The targets nacos-app is held to, checked against one run's figures. Targets are ratios within the run, never
 * absolute times; a target whose figures were not measured (a skipped phase) says so instead of passing. Stateless.
 */
public final class Goals {
    /** Whether a goal held in this run. */
    public enum Status {
        MET("yes"),
        MISSED("NO"),
        WITHIN_NOISE("within noise"),
        NOT_MEASURED("not measured");

        private final String text;

        Status(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    /** One goal for nacos-app on one figure, with the numbers it was decided on. */
    public record Check(Figure figure, String goal, Status status, String evidence) {}

    private static final double PROPAGATION_ALLOWANCE_MS = 1.0;
    private static final int BOOTSTRAP_RESAMPLES = 2000;

    private Goals() {}

    /** The figures the goals are decided on, as this run's settings name them. */
    public record Inputs(
            List<Integer> conversionSizes,
            int incrementalSize,
            Figure threadsFew,
            Figure threadsMany,
            Figure heapManyApps,
            List<Integer> largeAppSizes,
            List<Figure> heapLargeApps) {}

    /** A cost per instance is flat when the largest size costs at most this much more per instance than the smallest. */
    private static final double FLAT = 1.5;

    public static List<Check> evaluate(Results results, Inputs in) {
        int conversionSize = in.conversionSizes().contains(10_000)
                ? 10_000
                : in.conversionSizes().stream().max(Integer::compare).orElse(10_000);
        List<Check> checks = new ArrayList<>();
        for (Figure figure :
                List.of(Figure.PROPAGATION_REGISTER, Figure.PROPAGATION_DEREGISTER, Figure.PROPAGATION_KILL)) {
            checks.add(propagationVsRaw(results, figure));
            checks.add(propagationVsBuiltIn(results, figure));
        }
        checks.add(fraction(results, Figure.conversionTime(conversionSize), 1.0 / 3, "≤ ⅓ of the built-in"));
        checks.add(fraction(results, Figure.conversionAllocation(conversionSize), 1.0 / 3, "≤ ⅓ of the built-in"));
        int smallest = in.conversionSizes().stream().min(Integer::compare).orElse(0);
        int largest = in.conversionSizes().stream().max(Integer::compare).orElse(0);
        if (largest > smallest) {
            checks.add(flat(results, Figure.conversionTime(smallest), Figure.conversionTime(largest), 1, 1));
            checks.add(
                    flat(results, Figure.conversionAllocation(smallest), Figure.conversionAllocation(largest), 1, 1));
        }
        checks.add(incremental(results, in.incrementalSize()));
        checks.add(threadsConstant(results, in.threadsFew(), in.threadsMany()));
        checks.add(additionOverRaw(results, in.heapManyApps()));
        for (int i = 0; i < in.largeAppSizes().size(); i++) {
            if (in.largeAppSizes().get(i) == 10_000) {
                checks.add(additionOverRaw(results, in.heapLargeApps().get(i)));
            }
        }
        if (in.heapLargeApps().size() > 1) {
            int last = in.heapLargeApps().size() - 1;
            checks.add(flat(
                    results,
                    in.heapLargeApps().get(0),
                    in.heapLargeApps().get(last),
                    in.largeAppSizes().get(0),
                    in.largeAppSizes().get(last)));
        }
        return checks;
    }

    /** A push with one change costs at most a tenth of a push that changes every instance. */
    private static Check incremental(Results results, int size) {
        Figure one = Figure.pushTime(size, "1", false);
        Figure all = Figure.pushTime(size, "all", false);
        String goal = "≤ 1/10 of a push with all changed";
        Optional<Double> ours = results.median(one.id(), NACOS_APP);
        Optional<Double> full = results.median(all.id(), NACOS_APP);
        if (ours.isEmpty() || full.isEmpty()) {
            return new Check(one, goal, Status.NOT_MEASURED, "");
        }
        double ratio = ours.get() / full.get();
        String builtIn = results.median(one.id(), BUILT_IN)
                .map(b -> String.format(Locale.ROOT, "; built-in %s %s with 1 changed", one.format(b), one.unit()))
                .orElse("");
        return new Check(
                one,
                goal,
                ratio <= 0.1 ? Status.MET : Status.MISSED,
                String.format(
                        Locale.ROOT,
                        "nacos-app %s %s with 1 changed, %s with all changed: %.3f×%s",
                        one.format(ours.get()),
                        one.unit(),
                        all.format(full.get()),
                        ratio,
                        builtIn));
    }

    /** What nacos-app adds to the raw client's heap, against what the built-in adds: at most half. */
    private static Check additionOverRaw(Results results, Figure figure) {
        String goal = "added beyond raw ≤ ½ of the built-in's";
        Optional<Double> raw = results.median(figure.id(), RAW);
        Optional<Double> ours = results.median(figure.id(), NACOS_APP);
        Optional<Double> builtIn = results.median(figure.id(), BUILT_IN);
        if (raw.isEmpty() || ours.isEmpty() || builtIn.isEmpty()) {
            return new Check(figure, goal, Status.NOT_MEASURED, "");
        }
        double oursAdded = ours.get() - raw.get();
        double builtInAdded = builtIn.get() - raw.get();
        return new Check(
                figure,
                goal,
                oursAdded <= builtInAdded / 2 ? Status.MET : Status.MISSED,
                String.format(
                        Locale.ROOT,
                        "beyond the raw client's %s %s: nacos-app %+.1f, built-in %+.1f %s",
                        figure.format(raw.get()),
                        figure.unit(),
                        oursAdded,
                        builtInAdded,
                        figure.unit()));
    }

    /** nacos-app's cost per instance at the larger size is at most {@link #FLAT} times that at the smaller. */
    private static Check flat(Results results, Figure small, Figure large, int smallCount, int largeCount) {
        String goal = "per instance flat (largest ≤ 1.5× smallest)";
        Optional<Double> a = results.median(small.id(), NACOS_APP);
        Optional<Double> b = results.median(large.id(), NACOS_APP);
        if (a.isEmpty() || b.isEmpty()) {
            return new Check(large, goal, Status.NOT_MEASURED, "");
        }
        double perSmall = a.get() / smallCount;
        double perLarge = b.get() / largeCount;
        double ratio = perLarge / perSmall;
        return new Check(
                large,
                goal,
                ratio <= FLAT ? Status.MET : Status.MISSED,
                String.format(
                        Locale.ROOT, "nacos-app %s vs %s: %.2f× per instance", small.label(), large.label(), ratio));
    }

    private static Check propagationVsRaw(Results results, Figure figure) {
        return propagation(results, figure, RAW, PROPAGATION_ALLOWANCE_MS, "median ≤ raw + 1 ms");
    }

    private static Check propagationVsBuiltIn(Results results, Figure figure) {
        return propagation(results, figure, BUILT_IN, 0, "median ≤ built-in");
    }

    /**
     * Decided on nacos-app's delay behind {@code other} event by event, which leaves out the noise the server, the
     * provider and the machine add to both: met when the 95% interval of its median is within the allowance, missed
     * when it is entirely beyond it, and otherwise within this run's noise.
     */
    private static Check propagation(
            Results results, Figure figure, ContenderKind other, double allowance, String goal) {
        List<Double> paired = results.paired(figure.id(), other);
        Optional<Double> ours = results.median(figure.id(), NACOS_APP);
        Optional<Double> theirs = results.median(figure.id(), other);
        if (paired.size() < 2 || ours.isEmpty() || theirs.isEmpty()) {
            return new Check(figure, goal, Status.NOT_MEASURED, "");
        }
        double[] interval = Stats.medianInterval(paired, 0.95, BOOTSTRAP_RESAMPLES);
        Status status =
                interval[1] <= allowance ? Status.MET : interval[0] > allowance ? Status.MISSED : Status.WITHIN_NOISE;
        String name = other == RAW ? "raw" : "built-in";
        return new Check(
                figure,
                goal,
                status,
                String.format(
                        Locale.ROOT,
                        "same event, nacos-app − %s: median %+.2f ms, 95%% interval [%+.2f, %+.2f] ms (n=%d);"
                                + " medians %.2f vs %.2f ms",
                        name,
                        Stats.median(paired),
                        interval[0],
                        interval[1],
                        paired.size(),
                        ours.get(),
                        theirs.get()));
    }

    private static Check fraction(Results results, Figure figure, double limit, String goal) {
        Optional<Double> ours = results.median(figure.id(), NACOS_APP);
        Optional<Double> builtIn = results.median(figure.id(), BUILT_IN);
        if (ours.isEmpty() || builtIn.isEmpty()) {
            return new Check(figure, goal, Status.NOT_MEASURED, "");
        }
        double ratio = ours.get() / builtIn.get();
        return new Check(
                figure,
                goal,
                ratio <= limit ? Status.MET : Status.MISSED,
                String.format(
                        Locale.ROOT,
                        "nacos-app %s %s, built-in %s %s: %.2f× the built-in",
                        figure.format(ours.get()),
                        figure.unit(),
                        figure.format(builtIn.get()),
                        figure.unit(),
                        ratio));
    }

    private static Check threadsConstant(Results results, Figure few, Figure many) {
        String goal = "threads constant in the number of applications";
        Optional<Double> small = results.median(few.id(), NACOS_APP);
        Optional<Double> large = results.median(many.id(), NACOS_APP);
        if (small.isEmpty() || large.isEmpty()) {
            return new Check(many, goal, Status.NOT_MEASURED, "");
        }
        return new Check(
                many,
                goal,
                large.get() <= small.get() ? Status.MET : Status.MISSED,
                String.format(
                        Locale.ROOT,
                        "nacos-app %.0f threads (%s) vs %.0f (%s)",
                        large.get(),
                        many.label().substring(many.label().indexOf(", ") + 2),
                        small.get(),
                        few.label().substring(few.label().indexOf(", ") + 2)));
    }

    /** The goal cell of a table row: only nacos-app rows carry goals. */
    public static String cell(List<Check> checks, Figure figure, ContenderKind contender) {
        if (contender != NACOS_APP) {
            return "";
        }
        StringBuilder cell = new StringBuilder();
        for (Check check : checks) {
            if (check.figure().id().equals(figure.id())) {
                if (cell.length() > 0) {
                    cell.append("; ");
                }
                cell.append(check.goal()).append(": ").append(check.status().text());
            }
        }
        return cell.toString();
    }
}
