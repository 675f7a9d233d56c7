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
 * The goals of issue #5, checked against one run's figures. Goals are ratios within the run, never absolute times;
 * a goal whose figures were not measured (a skipped phase) says so instead of passing. Stateless.
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

    /**
     * @param conversionSize the push size the conversion goals apply to (10,000)
     * @param threadsFew the thread figure with the fewer applications
     * @param threadsMany the thread figure with the more applications
     * @param heapInstances the retained-heap figure of the one large application
     */
    public static List<Check> evaluate(
            Results results, int conversionSize, Figure threadsFew, Figure threadsMany, Figure heapInstances) {
        List<Check> checks = new ArrayList<>();
        for (Figure figure :
                List.of(Figure.PROPAGATION_REGISTER, Figure.PROPAGATION_DEREGISTER, Figure.PROPAGATION_KILL)) {
            checks.add(propagationVsRaw(results, figure));
            checks.add(propagationVsBuiltIn(results, figure));
        }
        checks.add(fraction(results, Figure.conversionTime(conversionSize), 1.0 / 3, "≤ ⅓ of the built-in"));
        checks.add(fraction(results, Figure.conversionAllocation(conversionSize), 1.0 / 3, "≤ ⅓ of the built-in"));
        checks.add(threadsConstant(results, threadsFew, threadsMany));
        Check heap = fraction(results, heapInstances, 1.0 / 2, "≤ ½ of the built-in");
        checks.add(new Check(
                heap.figure(), heap.goal(), heap.status(), heap.evidence() + overRaw(results, heapInstances)));
        return checks;
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

    /** What each Dubbo contender holds beyond the raw client's own cache, which every contender carries. */
    private static String overRaw(Results results, Figure figure) {
        Optional<Double> raw = results.median(figure.id(), RAW);
        Optional<Double> ours = results.median(figure.id(), NACOS_APP);
        Optional<Double> builtIn = results.median(figure.id(), BUILT_IN);
        if (raw.isEmpty() || ours.isEmpty() || builtIn.isEmpty()) {
            return "";
        }
        return String.format(
                Locale.ROOT,
                "; beyond the raw client's %s %s: nacos-app %+.1f, built-in %+.1f %s",
                figure.format(raw.get()),
                figure.unit(),
                ours.get() - raw.get(),
                builtIn.get() - raw.get(),
                figure.unit());
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
