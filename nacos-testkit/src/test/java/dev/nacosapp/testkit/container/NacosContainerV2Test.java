package dev.nacosapp.testkit.container;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.junit.jupiter.Testcontainers;

/** {@link NacosContainerContract} on the 2.x image. */
@Testcontainers(disabledWithoutDocker = true)
class NacosContainerV2Test extends NacosContainerContract {

    // tag::container[]
    static NacosContainer nacos = new NacosContainer(); // nacos/nacos-server:v2.5.1, standalone, auth off
    // end::container[]

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
}
