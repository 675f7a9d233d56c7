package dev.nacosapp.testkit.embedded.naming;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServiceKeyTest {

    @Test
    void blankNamespaceIsThePublicNamespace() {
        assertThat(ServiceKey.of("", "g", "s")).isEqualTo(ServiceKey.of("public", "g", "s"));
        assertThat(ServiceKey.of(null, "g", "s").namespace()).isEqualTo("public");
    }

    @Test
    void blankGroupIsTheDefaultGroup() {
        assertThat(ServiceKey.of("", " ", "s").group()).isEqualTo("DEFAULT_GROUP");
    }

    @Test
    void groupedServiceNamesCarryTheirGroup() {
        assertThat(ServiceKey.of("", "ignored", "g1@@orders")).isEqualTo(new ServiceKey("public", "g1", "orders"));
        assertThat(new ServiceKey("public", "g1", "orders").groupedName()).isEqualTo("g1@@orders");
    }
}
