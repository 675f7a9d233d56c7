package dev.nacosapp.testkit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nacosapp.testkit.model.NacosCredentials;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NacosTargetConfigTest {

    @Test
    void defaultsToTheEmbeddedServerWithoutAuth() {
        NacosTargetConfig config = parse(Map.of());

        assertThat(config.kind()).isEqualTo(NacosTargetConfig.Kind.EMBEDDED);
        assertThat(config.auth()).isEmpty();
        assertThat(config.image()).isEqualTo("nacos/nacos-server:v2.5.1");
    }

    @Test
    void readsEveryKey() {
        NacosTargetConfig config = parse(Map.of(
                "nacos.target", "EXTERNAL",
                "nacos.addr", "nacos.example:8848",
                "nacos.image", "nacos/nacos-server:v2.5.2",
                "nacos.username", "nacos",
                "nacos.password", "pw"));

        assertThat(config.kind()).isEqualTo(NacosTargetConfig.Kind.EXTERNAL);
        assertThat(config.address()).isEqualTo("nacos.example:8848");
        assertThat(config.image()).isEqualTo("nacos/nacos-server:v2.5.2");
        assertThat(config.auth()).contains(new NacosCredentials("nacos", "pw"));
    }

    @Test
    void unknownTargetsNameTheAllowedValues() {
        assertThatThrownBy(() -> parse(Map.of("nacos.target", "docker")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("nacos.target='docker' is not one of embedded, container, external");
    }

    @Test
    void externalNeedsAWellFormedAddress() {
        assertThatThrownBy(() -> parse(Map.of("nacos.target", "external")))
                .hasMessageContaining("nacos.target=external needs nacos.addr=host:port");
        assertThatThrownBy(() -> parse(Map.of("nacos.target", "external", "nacos.addr", "host:http")))
                .hasMessageContaining("'http' is not a port number");
        assertThatThrownBy(() -> parse(Map.of("nacos.target", "external", "nacos.addr", "host:65000")))
                .hasMessageContaining("out of range");
    }

    @Test
    void credentialsComeInPairs() {
        assertThatThrownBy(() -> parse(Map.of("nacos.username", "nacos")))
                .hasMessageContaining("only nacos.username is set");
    }

    @Test
    void credentialsNeverShowThePassword() {
        assertThat(new NacosCredentials("nacos", "pw").toString()).doesNotContain("pw");
    }

    private static NacosTargetConfig parse(Map<String, String> settings) {
        return NacosTargetConfig.from(key -> Optional.ofNullable(settings.get(key)));
    }
}
