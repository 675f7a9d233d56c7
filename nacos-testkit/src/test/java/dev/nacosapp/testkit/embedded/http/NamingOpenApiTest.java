package dev.nacosapp.testkit.embedded.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NamingOpenApiTest {

    @Test
    void metadataIsReadAsJsonOrAsPairs() {
        assertThat(NamingOpenApi.parseMetadata("{\"a\":\"1\",\"b\":2}"))
                .containsEntry("a", "1")
                .containsEntry("b", "2");
        assertThat(NamingOpenApi.parseMetadata("a=1,b=2"))
                .containsEntry("a", "1")
                .containsEntry("b", "2");
        assertThat(NamingOpenApi.parseMetadata(" ")).isEmpty();
    }

    @Test
    void malformedMetadataIsRejected() {
        assertThatThrownBy(() -> NamingOpenApi.parseMetadata("novalue")).isInstanceOf(IllegalArgumentException.class);
    }
}
