package dev.nacosapp.testkit.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nacosapp.testkit.model.NacosLine;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.testcontainers.utility.DockerImageName;

/** How a {@link NacosContainer} is set up per image line; needs no Docker engine (nothing is started). */
class NacosContainerConfigurationTest {

    @Test
    void aV2TagGetsTheV2SetUp() {
        NacosContainer nacos = new NacosContainer("nacos/nacos-server:v2.5.1");

        assertThat(nacos.getLine()).isEqualTo(NacosLine.V2);
        assertThat(nacos.getExposedPorts()).containsExactly(8848, 9848);
        assertThat(nacos.getEnvMap())
                .containsEntry("MODE", "standalone")
                .containsEntry("NACOS_AUTH_ENABLE", "false")
                .doesNotContainKey("NACOS_AUTH_TOKEN");
        assertThat(nacos.getAdminCredentials())
                .as("a 2.x admin API without auth needs no login")
                .isNull();
    }

    @Test
    void aV3TagGetsTheAuthVariablesTheConsolePortAndAnAdminPassword() {
        NacosContainer nacos = new NacosContainer(DockerImageName.parse("nacos/nacos-server:v3.0.3"));
        NacosContainer other = new NacosContainer(DockerImageName.parse("nacos/nacos-server:v3.0.3"));

        assertThat(nacos.getLine()).isEqualTo(NacosLine.V3);
        assertThat(nacos.getExposedPorts()).containsExactly(8848, 9848, 8080);
        assertThat(nacos.getEnvMap())
                .containsEntry("MODE", "standalone")
                .containsEntry("NACOS_AUTH_ENABLE", "false")
                .containsKeys("NACOS_AUTH_IDENTITY_KEY", "NACOS_AUTH_IDENTITY_VALUE");
        assertThat(Base64.getDecoder().decode(nacos.getEnvMap().get("NACOS_AUTH_TOKEN")))
                .hasSizeGreaterThanOrEqualTo(32);
        assertThat(nacos.getEnvMap().get("NACOS_AUTH_IDENTITY_VALUE"))
                .as("random per container")
                .isNotEqualTo(other.getEnvMap().get("NACOS_AUTH_IDENTITY_VALUE"));
        assertThat(nacos.getAdminCredentials().username()).isEqualTo("nacos");
    }

    @Test
    void withAuthTurnsClientAuthOnAndMakesItsPasswordTheAdmins() {
        NacosContainer nacos = new NacosContainer("nacos/nacos-server:v3.0.3").withAuth("nacos", "s3cret");

        assertThat(nacos.getEnvMap()).containsEntry("NACOS_AUTH_ENABLE", "true");
        assertThat(nacos.getAdminCredentials().password()).isEqualTo("s3cret");
    }

    @Test
    void tagsOfNeitherLineAreRefusedNamingTheSupportedLines() {
        assertThatThrownBy(() -> new NacosContainer("nacos/nacos-server:latest"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'latest'")
                .hasMessageContaining("2.x line")
                .hasMessageContaining("3.x line");
        assertThatThrownBy(() -> new NacosContainer("nacos/nacos-server:v1.4.1"))
                .hasMessageContaining("'v1.4.1'");
    }

    @Test
    void otherUsersThanTheBuiltInAdminAreRefusedWithTheReason() {
        assertThatThrownBy(() -> new NacosContainer().withAuth("alice", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'nacos' only")
                .hasMessageContaining("'alice'");
    }
}
