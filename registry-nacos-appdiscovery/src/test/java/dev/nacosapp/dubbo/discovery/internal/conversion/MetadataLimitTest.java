package dev.nacosapp.dubbo.discovery.internal.conversion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The size rule of Nacos 2.5.1 and 3.0.3 ({@code DefaultParamChecker.checkMetadataFormat}), to the character. */
class MetadataLimitTest {

    @Test
    void countsKeysAndValuesThatAreNotBlankAsTheServerDoes() {
        Map<String, String> metadata = new HashMap<>();
        metadata.put("k1", "value");
        metadata.put("blank", "   ");
        metadata.put("empty", "");
        metadata.put("none", null);
        metadata.put("  ", "v");

        // k1 + value, blank, empty, none, and v: the server skips blank keys and values.
        assertThat(MetadataLimit.sizeOf(metadata)).isEqualTo(2 + 5 + 5 + 5 + 4 + 1);
    }

    @Test
    void exactlyAtTheLimitIsAcceptedAndOneMoreIsNot() {
        Map<String, String> metadata = new HashMap<>();
        metadata.put("key", "x".repeat(1018));
        metadata.put("pad", "   ");

        assertThatCode(() -> new MetadataLimit(1024).check("orders", metadata)).doesNotThrowAnyException();
        metadata.put("key", "x".repeat(1019));
        assertThatThrownBy(() -> new MetadataLimit(1024).check("orders", metadata))
                .isInstanceOf(MetadataOverLimitException.class)
                .hasMessageContaining("is 1025 characters")
                .hasMessageContaining("limit of 1024");
    }
}
