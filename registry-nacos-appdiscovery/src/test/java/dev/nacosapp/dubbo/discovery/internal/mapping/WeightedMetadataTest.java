package dev.nacosapp.dubbo.discovery.internal.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class WeightedMetadataTest {

    private static Map<String, String> pushed() {
        Map<String, String> pushed = new HashMap<>();
        pushed.put("dubbo.metadata.revision", "r1");
        pushed.put("env", "prod");
        return pushed;
    }

    @Test
    void readsLikeThePushedMetadataPlusTheWeight() {
        WeightedMetadata metadata = new WeightedMetadata(pushed(), "250");

        Map<String, String> expected = new HashMap<>(pushed());
        expected.put("weight", "250");
        assertThat(metadata).isEqualTo(expected).hasSize(3).containsEntry("weight", "250");
        assertThat(metadata.hashCode()).isEqualTo(expected.hashCode());
        assertThat(expected).isEqualTo(metadata);
        assertThat(new TreeMap<>(metadata)).isEqualTo(new TreeMap<>(expected));
    }

    @Test
    void theNacosWeightReplacesAWeightWrittenIntoTheMetadata() {
        Map<String, String> pushed = pushed();
        pushed.put("weight", "7");

        WeightedMetadata metadata = new WeightedMetadata(pushed, "100");

        assertThat(metadata).hasSize(3).containsEntry("weight", "100");
        assertThat(pushed).containsEntry("weight", "7");
    }

    @Test
    void writesNeverReachThePushedMapThatNacosClientCaches() {
        Map<String, String> pushed = pushed();
        WeightedMetadata metadata = new WeightedMetadata(pushed, "100");

        metadata.put("added", "x");
        metadata.remove("env");

        assertThat(metadata)
                .containsEntry("added", "x")
                .doesNotContainKey("env")
                .containsEntry("weight", "100");
        assertThat(pushed).isEqualTo(pushed()).doesNotContainKey("added");
    }

    @Test
    void toleratesMissingMetadata() {
        assertThat(new WeightedMetadata(null, "100")).containsOnly(Map.entry("weight", "100"));
    }
}
