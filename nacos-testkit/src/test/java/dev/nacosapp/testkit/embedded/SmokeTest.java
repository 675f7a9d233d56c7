package dev.nacosapp.testkit.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.alibaba.nacos.api.naming.NamingService;
import dev.nacosapp.testkit.EmbeddedNacosServer;
import dev.nacosapp.testkit.support.NamingClients;
import dev.nacosapp.testkit.support.PushRecorder;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SmokeTest {

    @Test
    void smoke() throws Exception {
        long t0 = System.nanoTime();
        try (EmbeddedNacosServer server = EmbeddedNacosServer.builder().build().start();
                NamingClients clients = new NamingClients()) {
            System.out.println("started in ms " + (System.nanoTime() - t0) / 1_000_000);
            NamingService a = clients.create(server.serverAddr());
            NamingService b = clients.create(server.serverAddr());
            PushRecorder rec = new PushRecorder();
            b.subscribe("smoke", rec);
            a.registerInstance("smoke", "10.0.0.1", 8080);
            await().atMost(Duration.ofSeconds(10)).until(() -> rec.latestAddresses().contains("10.0.0.1:8080"));
            System.out.println(server.instances("", "", "smoke"));
            System.out.println(a.getAllInstances("smoke", false));
            a.deregisterInstance("smoke", "10.0.0.1", 8080);
            await().atMost(Duration.ofSeconds(10)).until(() -> rec.latest().orElseThrow().isEmpty());
            assertThat(server.connectionCount()).isEqualTo(2);
            System.out.println(server.pushStats());
        }
    }
}
