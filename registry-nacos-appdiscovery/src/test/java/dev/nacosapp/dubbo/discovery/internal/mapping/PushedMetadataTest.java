package dev.nacosapp.dubbo.discovery.internal.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PushedMetadataTest {

    private static Map<String, String> pushed() {
        Map<String, String> pushed = new HashMap<>();
        pushed.put("dubbo.metadata.revision", "r1");
        pushed.put("env", "prod");
        return pushed;
    }

    @Test
    void readsLikeThePushedMetadataPlusTheWeight() {
        PushedMetadata metadata = PushedMetadata.of(pushed(), "250", null);

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

        PushedMetadata metadata = PushedMetadata.of(pushed, "100", null);

        assertThat(metadata).hasSize(3).containsEntry("weight", "100");
        assertThat(pushed).containsEntry("weight", "7");
        assertThat(metadata.holds(pushed, "100")).isTrue();
    }

    @Test
    void writesNeverReachThePushedMap() {
        Map<String, String> pushed = pushed();
        PushedMetadata metadata = PushedMetadata.of(pushed, "100", null);

        metadata.put("added", "x");
        metadata.remove("env");

        assertThat(metadata)
                .containsEntry("added", "x")
                .doesNotContainKey("env")
                .containsEntry("weight", "100");
        assertThat(pushed).isEqualTo(pushed()).doesNotContainKey("added");
        assertThat(metadata.holds(pushed, "100"))
                .as("written to: no longer what was pushed")
                .isFalse();
    }

    @Test
    void instancesWithTheSameKeysShareOneKeyArray() {
        PushedMetadata first = PushedMetadata.of(pushed(), "100", null);
        Map<String, String> other = pushed();
        other.put("env", "test");

        PushedMetadata second = PushedMetadata.of(other, "100", first.keys());
        Map<String, String> differentKeys = new HashMap<>();
        differentKeys.put("dubbo.metadata.revision", "r1");
        differentKeys.put("zone", "a");
        PushedMetadata third = PushedMetadata.of(differentKeys, "100", first.keys());

        assertThat(second.keys()).isSameAs(first.keys());
        assertThat(second).containsEntry("env", "test");
        assertThat(third.keys()).isNotSameAs(first.keys());
        assertThat(third).containsEntry("zone", "a").doesNotContainKey("env");
    }

    @Test
    void holdsOnlyExactlyThePushedEntries() {
        PushedMetadata metadata = PushedMetadata.of(pushed(), "100", null);
        Map<String, String> changed = pushed();
        changed.put("env", "test");
        Map<String, String> grown = pushed();
        grown.put("zone", "a");

        assertThat(metadata.holds(pushed(), "100")).isTrue();
        assertThat(metadata.holds(pushed(), "200")).isFalse();
        assertThat(metadata.holds(changed, "100")).isFalse();
        assertThat(metadata.holds(grown, "100")).isFalse();
    }

    @Test
    void toleratesMissingMetadata() {
        assertThat(PushedMetadata.of(null, "100", null)).containsOnly(Map.entry("weight", "100"));
    }
}
