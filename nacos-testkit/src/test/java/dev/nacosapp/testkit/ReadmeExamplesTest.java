package dev.nacosapp.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.alibaba.nacos.api.naming.NamingFactory;
import com.alibaba.nacos.api.naming.NamingService;
import dev.nacosapp.testkit.embedded.EmbeddedFaults;
import dev.nacosapp.testkit.embedded.EmbeddedNacosServer;
import dev.nacosapp.testkit.http.InstanceUpdate;
import dev.nacosapp.testkit.http.NacosHttp;
import dev.nacosapp.testkit.http.NacosHttpClients;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The snippets of the module README, compiled and run. */
class ReadmeExamplesTest {

    // tag::embedded[]
    static EmbeddedNacosServer nacos;

    @BeforeAll
    static void startNacos() {
        nacos = EmbeddedNacosServer.builder().build().start(); // 127.0.0.1, free port pair P / P+1000
    }

    @AfterAll
    static void stopNacos() {
        nacos.close();
    }

    @Test
    void registersAnInstance() throws Exception {
        NamingService naming = NamingFactory.createNamingService(nacos.serverAddr());
        try {
            naming.registerInstance("orders", "10.0.0.1", 8080);

            assertThat(nacos.naming().instances("public", "DEFAULT_GROUP", "orders"))
                    .hasSize(1);
        } finally {
            naming.shutDown();
        }
    }
    // end::embedded[]

    @Test
    void faultInjection() throws Exception {
        NamingService naming = NamingFactory.createNamingService(nacos.serverAddr());
        try {
            naming.registerInstance("payments", "10.0.0.2", 8080);
            // tag::faults[]
            EmbeddedFaults faults = nacos.faults();
            faults.pausePushes(); // changes are stored but not pushed ...
            faults.resumePushes(); // ... until now
            faults.pushEmpty("public", "DEFAULT_GROUP", "payments"); // a bogus empty push to every subscriber
            faults.losePushes("public", "DEFAULT_GROUP", "payments"); // pushes never reach the clients ...
            faults.deliverPushes("public", "DEFAULT_GROUP", "payments"); // ... until now; lost ones are not re-sent
            faults.setPushDelay(Duration.ofMillis(500)); // Nacos' own batching delay
            faults.refuseNextRequests(2); // the next two naming requests fail
            faults.dropAllConnections(); // clients reconnect and redo their registrations
            faults.setRegistrationHoldAfterRestart(Duration.ofSeconds(5)); // restarts refuse registrations for 5 s
            nacos.restart(); // same ports, instances lost and configs kept, like a restarted standalone Nacos
            // end::faults[]
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> nacos.naming()
                                    .instances("public", "DEFAULT_GROUP", "payments")
                                    .size()
                            == 1);
        } finally {
            nacos.faults().setPushDelay(EmbeddedNacosServer.DEFAULT_PUSH_DELAY);
            nacos.faults().setRegistrationHoldAfterRestart(Duration.ZERO);
            naming.shutDown();
        }
    }

    @Test
    void consoleEdit() throws Exception {
        NamingService naming = NamingFactory.createNamingService(nacos.serverAddr());
        try {
            naming.registerInstance("billing", "10.0.0.3", 8080);
            // tag::http[]
            NacosHttp http = NacosHttpClients.create(nacos.serverAddr());
            http.updateInstance(
                    "public",
                    "DEFAULT_GROUP",
                    "billing",
                    InstanceUpdate.of("10.0.0.3", 8080).withWeight(2).withMetadata(Map.of("zone", "b")));
            assertThat(http.instances("public", "DEFAULT_GROUP", "billing"))
                    .singleElement()
                    .satisfies(i -> assertThat(i.metadata()).containsEntry("zone", "b"));
            // end::http[]
        } finally {
            naming.shutDown();
        }
    }
}
