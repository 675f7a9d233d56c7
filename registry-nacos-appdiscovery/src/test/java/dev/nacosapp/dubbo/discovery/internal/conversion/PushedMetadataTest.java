package dev.nacosapp.dubbo.discovery.internal.conversion;

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
        PushedMetadata metadata = PushedMetadata.of(pushed(), "250", "DEFAULT", null);

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

        PushedMetadata metadata = PushedMetadata.of(pushed, "100", "DEFAULT", null);

        assertThat(metadata).hasSize(3).containsEntry("weight", "100");
        assertThat(pushed).containsEntry("weight", "7");
        assertThat(metadata.holds(pushed, "100")).isTrue();
    }

    @Test
    void writesNeverReachThePushedMap() {
        Map<String, String> pushed = pushed();
        PushedMetadata metadata = PushedMetadata.of(pushed, "100", "DEFAULT", null);

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
    void readsThePushedMapWithoutCopyingIt() {
        Map<String, String> pushed = pushed();

        PushedMetadata metadata = PushedMetadata.of(pushed, "100", "DEFAULT", null);
        pushed.put("env", "seen through");

        assertThat(metadata).containsEntry("env", "seen through");
    }

    @Test
    void rebasedOntoALaterEqualPushReadsFromThatPushOnly() {
        Map<String, String> first = pushed();
        PushedMetadata metadata = PushedMetadata.of(first, "100", "DEFAULT", null);
        Map<String, String> later = pushed();

        metadata.rebase(later);
        first.put("env", "no longer read");

        assertThat(metadata).containsEntry("env", "prod").hasSize(3);
        assertThat(metadata.holds(later, "100")).isTrue();
    }

    @Test
    void rebasingKeepsLeavingOutAPushedWeight() {
        Map<String, String> first = pushed();
        first.put("weight", "7");
        PushedMetadata metadata = PushedMetadata.of(first, "100", "DEFAULT", null);
        Map<String, String> later = pushed();
        later.put("weight", "7");

        metadata.rebase(later);

        assertThat(metadata).hasSize(3).containsEntry("weight", "100");
        assertThat(later).containsEntry("weight", "7");
    }

    @Test
    void aPushedWeightDoesNotStandInForAnotherKey() {
        Map<String, String> withWeight = pushed();
        withWeight.put("weight", "7");
        PushedMetadata metadata = PushedMetadata.of(withWeight, "100", "DEFAULT", null);
        Map<String, String> withZone = pushed();
        withZone.put("zone", "a");

        assertThat(metadata.holds(withZone, "100")).isFalse();
    }

    @Test
    void aWrittenMapIsNeverRebased() {
        PushedMetadata metadata = PushedMetadata.of(pushed(), "100", "DEFAULT", null);
        metadata.put("added", "x");

        metadata.rebase(pushed());

        assertThat(metadata).containsEntry("added", "x");
    }

    @Test
    void instancesPushedWithTheSameWeightAndClusterShareOneShape() {
        PushedMetadata first = PushedMetadata.of(pushed(), "100", "DEFAULT", null);

        PushedMetadata same = PushedMetadata.of(pushed(), "100", "DEFAULT", first.shape());
        PushedMetadata heavier = PushedMetadata.of(pushed(), "200", "DEFAULT", first.shape());
        PushedMetadata elsewhere = PushedMetadata.of(pushed(), "100", "east", first.shape());

        assertThat(same.shape()).isSameAs(first.shape());
        assertThat(heavier.shape()).isNotSameAs(first.shape());
        assertThat(heavier).containsEntry("weight", "200");
        assertThat(elsewhere.cluster()).isEqualTo("east");
    }

    @Test
    void holdsOnlyExactlyThePushedEntries() {
        PushedMetadata metadata = PushedMetadata.of(pushed(), "100", "DEFAULT", null);
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
        assertThat(PushedMetadata.of(null, "100", "DEFAULT", null)).containsOnly(Map.entry("weight", "100"));
    }
}
