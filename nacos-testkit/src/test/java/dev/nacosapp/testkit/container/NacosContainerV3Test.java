package dev.nacosapp.testkit.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nacosapp.testkit.http.NacosHttp;
import dev.nacosapp.testkit.http.NacosHttpClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

/** {@link NacosContainerContract} on the 3.x image, plus what only 3.x has. */
@Testcontainers(disabledWithoutDocker = true)
class NacosContainerV3Test extends NacosContainerContract {

    // tag::container-v3[]
    static NacosContainer nacos = new NacosContainer(DockerImageName.parse("nacos/nacos-server:v3.0.3"));
    // end::container-v3[]

    @BeforeAll
    static void startContainer() {
        startIfAvailable(nacos);
    }

    @AfterAll
    static void stopContainer() {
        nacos.stop();
    }

    @Override
    NacosContainer nacos() {
        return nacos;
    }

    @Test
    void theAdminApiAnswersWithTheInitialisedAdminOnly() {
        // tag::admin-v3[]
        NacosHttp admin = NacosHttpClients.create(nacos.getServerAddr(), null, nacos.getAdminCredentials());
        admin.createNamespace("orders-it"); // v3 admin API, logged in as nacos
        // end::admin-v3[]
        assertThat(admin.namespaces()).contains("orders-it");
        assertThat(nacos.getConsolePort()).isPositive();
    }
}
