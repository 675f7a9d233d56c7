package dev.nacosapp.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.alibaba.nacos.api.naming.NamingFactory;
import com.alibaba.nacos.api.naming.NamingService;
import dev.nacosapp.testkit.server.NacosTarget;
import java.time.Duration;
import org.junit.jupiter.api.Test;

// tag::switch[]
@WithNacos // embedded by default; -Dnacos.target=container|external switches every such class
class ReadmeSwitchExampleTest {

    @Test
    void registersAgainstAnyTarget(NacosTarget nacos) throws Exception {
        NamingService naming = NamingFactory.createNamingService(nacos.clientProperties());
        try {
            naming.registerInstance("inventory-readme", "10.0.0.4", 8080);

            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(nacos.http().instances("", "", "inventory-readme"))
                            .hasSize(1));
        } finally {
            naming.shutDown();
        }
    }

    @Test
    void restartsWhereTheTargetCan(NacosTarget nacos) {
        nacos.restart(); // embedded and container restart on the same ports; external skips the test
        assertThat(nacos.http().isReady()).isTrue();
    }
}
// end::switch[]
