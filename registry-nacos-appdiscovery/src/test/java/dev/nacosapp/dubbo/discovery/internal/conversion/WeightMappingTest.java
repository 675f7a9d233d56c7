package dev.nacosapp.dubbo.discovery.internal.conversion;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WeightMappingTest {

    @ParameterizedTest(name = "Nacos {0} -> Dubbo {1}")
    @CsvSource({
        "1.0, 100",
        "0.5, 50",
        "2.0, 200",
        "0.001, 1",
        "0.0, 0",
        "-3.0, 0",
        "NaN, 0",
        "10000.0, 1000000",
        "1.0E300, 2147483647",
        "0.125, 13"
    })
    void nacosWeightBecomesDubboWeight(double nacos, int dubbo) {
        assertThat(WeightMapping.toDubbo(nacos)).isEqualTo(dubbo);
    }
}
