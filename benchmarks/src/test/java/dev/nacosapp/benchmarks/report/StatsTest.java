package dev.nacosapp.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void medianOfAnEvenSampleIsTheMeanOfTheMiddleTwo() {
        assertThat(Stats.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
    }

    @Test
    void p95InterpolatesBetweenTheClosestRanks() {
        List<Double> oneToTwenty = new java.util.ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            oneToTwenty.add((double) i);
        }
        assertThat(Stats.p95(oneToTwenty)).isCloseTo(19.05, within(1e-9));
    }

    @Test
    void aSingleSampleIsItsOwnMedianAndP95() {
        assertThat(Stats.median(List.of(7.0))).isEqualTo(7.0);
        assertThat(Stats.p95(List.of(7.0))).isEqualTo(7.0);
    }

    @Test
    void medianIntervalBracketsTheMedianOfATightSample() {
        double[] interval = Stats.medianInterval(List.of(1.0, 1.1, 0.9, 1.05, 0.95, 1.0, 1.02), 0.95, 500);

        assertThat(interval[0]).isLessThanOrEqualTo(1.0).isGreaterThanOrEqualTo(0.9);
        assertThat(interval[1]).isGreaterThanOrEqualTo(1.0).isLessThanOrEqualTo(1.1);
    }

    @Test
    void refusesAnEmptySample() {
        assertThatThrownBy(() -> Stats.median(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
