package dev.nacosapp.benchmarks.report;

import static dev.nacosapp.benchmarks.contender.ContenderKind.BUILT_IN;
import static dev.nacosapp.benchmarks.contender.ContenderKind.NACOS_APP;
import static dev.nacosapp.benchmarks.contender.ContenderKind.RAW;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GoalsTest {
    private static final Figure FEW = Figure.subscriptionThreads("apps-200", "200 subscribed apps");
    private static final Figure MANY = Figure.subscriptionThreads("apps-1000", "1,000 subscribed apps");
    private static final Figure HEAP = Figure.heap("instances-10000", "10,000 instances of one app");
    private static final Figure APPS_HEAP = Figure.heap("apps-1000", "1,000 subscribed apps");

    private static Goals.Inputs inputs() {
        return new Goals.Inputs(List.of(1000, 10_000), 10_000, FEW, MANY, APPS_HEAP, List.of(10_000), List.of(HEAP));
    }

    @Test
    void anIncrementalPushMustCostATenthOfAFullOne() {
        Results results = new Results();
        results.add(Figure.pushTime(10_000, "1", false), NACOS_APP, 40.0);
        results.add(Figure.pushTime(10_000, "all", false), NACOS_APP, 1000.0);

        assertThat(statusOf(
                        Goals.evaluate(results, inputs()),
                        Figure.pushTime(10_000, "1", false),
                        "≤ 1/10 of a push with all changed"))
                .isEqualTo(Goals.Status.MET);
    }

    @Test
    void heapGoalComparesWhatEachAddsBeyondTheRawClient() {
        Results results = new Results();
        results.add(HEAP, RAW, 30.0);
        results.add(HEAP, BUILT_IN, 32.0);
        results.add(HEAP, NACOS_APP, 31.2);

        assertThat(statusOf(Goals.evaluate(results, inputs()), HEAP, "added beyond raw ≤ ½ of the built-in's"))
                .isEqualTo(Goals.Status.MISSED);
    }

    @Test
    void propagationGoalsAreDecidedOnTheSameEventSeenByBoth() {
        Results results = propagation(Figure.PROPAGATION_REGISTER);
        for (double behindRaw : new double[] {0.4, 0.5, 0.6, 0.5, 0.45, 0.55}) {
            results.addPaired(Figure.PROPAGATION_REGISTER, RAW, behindRaw);
        }
        for (double behindBuiltIn : new double[] {0.25, 0.3, 0.35, 0.3, 0.28, 0.32}) {
            results.addPaired(Figure.PROPAGATION_REGISTER, BUILT_IN, behindBuiltIn);
        }

        List<Goals.Check> checks = Goals.evaluate(results, inputs());

        assertThat(statusOf(checks, Figure.PROPAGATION_REGISTER, "median ≤ raw + 1 ms"))
                .isEqualTo(Goals.Status.MET);
        assertThat(statusOf(checks, Figure.PROPAGATION_REGISTER, "median ≤ built-in"))
                .isEqualTo(Goals.Status.MISSED);
    }

    @Test
    void aDifferenceThatTheNoiseCannotResolveIsReportedAsSuch() {
        Results results = propagation(Figure.PROPAGATION_KILL);
        for (double behindBuiltIn : new double[] {-1.0, 1.0, -0.5, 0.5, 0.0, 0.2, -0.2}) {
            results.addPaired(Figure.PROPAGATION_KILL, BUILT_IN, behindBuiltIn);
        }

        List<Goals.Check> checks = Goals.evaluate(results, inputs());

        assertThat(statusOf(checks, Figure.PROPAGATION_KILL, "median ≤ built-in"))
                .isEqualTo(Goals.Status.WITHIN_NOISE);
    }

    @Test
    void conversionGoalComparesMediansAgainstAThirdOfTheBuiltIn() {
        Results results = new Results();
        Figure time = Figure.conversionTime(10_000);
        results.add(time, BUILT_IN, 900.0);
        results.add(time, NACOS_APP, 290.0);
        Figure allocation = Figure.conversionAllocation(10_000);
        results.add(allocation, BUILT_IN, 900.0);
        results.add(allocation, NACOS_APP, 310.0);

        List<Goals.Check> checks = Goals.evaluate(results, inputs());

        assertThat(statusOf(checks, time, "≤ ⅓ of the built-in")).isEqualTo(Goals.Status.MET);
        assertThat(statusOf(checks, allocation, "≤ ⅓ of the built-in")).isEqualTo(Goals.Status.MISSED);
    }

    @Test
    void threadsMustNotGrowWithApplications() {
        Results results = new Results();
        results.add(FEW, NACOS_APP, 4);
        results.add(MANY, NACOS_APP, 5);

        List<Goals.Check> checks = Goals.evaluate(results, inputs());

        assertThat(statusOf(checks, MANY, "threads constant in the number of applications"))
                .isEqualTo(Goals.Status.MISSED);
    }

    @Test
    void goalsWithoutFiguresAreReportedAsNotMeasured() {
        List<Goals.Check> checks = Goals.evaluate(new Results(), inputs());

        assertThat(checks).isNotEmpty().allSatisfy(check -> assertThat(check.status())
                .isEqualTo(Goals.Status.NOT_MEASURED));
    }

    @Test
    void onlyNacosAppRowsCarryGoals() {
        List<Goals.Check> checks = Goals.evaluate(propagation(Figure.PROPAGATION_KILL), inputs());

        assertThat(Goals.cell(checks, Figure.PROPAGATION_KILL, RAW)).isEmpty();
        assertThat(Goals.cell(checks, Figure.PROPAGATION_KILL, NACOS_APP))
                .isEqualTo("median ≤ raw + 1 ms: not measured; median ≤ built-in: not measured");
    }

    private static Results propagation(Figure figure) {
        Results results = new Results();
        results.add(figure, RAW, 10.0);
        results.add(figure, BUILT_IN, 10.2);
        results.add(figure, NACOS_APP, 10.5);
        return results;
    }

    private static Goals.Status statusOf(List<Goals.Check> checks, Figure figure, String goal) {
        return checks.stream()
                .filter(check ->
                        check.figure().id().equals(figure.id()) && check.goal().equals(goal))
                .findFirst()
                .orElseThrow()
                .status();
    }
}
