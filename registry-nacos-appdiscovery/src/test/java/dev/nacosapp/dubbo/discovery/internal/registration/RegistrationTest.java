package dev.nacosapp.dubbo.discovery.internal.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nacosapp.dubbo.discovery.internal.client.InMemoryNacos;
import dev.nacosapp.dubbo.discovery.internal.client.Retrier;
import dev.nacosapp.dubbo.discovery.internal.client.SharedNamingClient;
import dev.nacosapp.dubbo.discovery.internal.config.NacosAppConfig;
import dev.nacosapp.dubbo.discovery.internal.config.NacosAppConfigParser;
import dev.nacosapp.dubbo.discovery.internal.conversion.InstanceMapper;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.apache.dubbo.common.URL;
import org.apache.dubbo.registry.client.DefaultServiceInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Registration's background retries against an in-memory Nacos that is away. */
class RegistrationTest {
    private static final String APPLICATION = "retried-orders";

    private final InMemoryNacos nacos = new InMemoryNacos();
    private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
    private final NacosAppConfig config = NacosAppConfigParser.system()
            .parse(URL.valueOf("nacos-app://127.0.0.1:8848?check=false&retry-max-delay=1s"));
    private final SharedNamingClient client = new SharedNamingClient(nacos.create(new Properties()));
    private final Registration registration =
            new Registration(config, client, new InstanceMapper(config), new Retrier(scheduler));

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private static DefaultServiceInstance instance(String revision) {
        DefaultServiceInstance instance = new DefaultServiceInstance(APPLICATION, "10.0.0.9", 20880, null);
        instance.getMetadata().put("dubbo.metadata.revision", revision);
        return instance;
    }

    @Test
    void aRetryWaitingForNacosEndsWhenTheInstanceIsUnregistered() {
        nacos.setUp(false);
        registration.register(instance("r1"), false);
        assertThat(scheduler.getQueue()).as("a retry waits for the server").hasSize(1);

        registration.unregister(APPLICATION);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(scheduler.getQueue())
                .as("retry tasks still polling for a registration nobody wants")
                .isEmpty());
    }

    @Test
    void aNewRevisionTakesOverTheRetryOfTheOneItReplaces() {
        nacos.setUp(false);
        registration.register(instance("r1"), false);
        registration.update(instance("r2"));
        registration.update(instance("r3"));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(scheduler.getQueue())
                .as("one retry for the newest revision, not one per revision")
                .hasSize(1));
        nacos.setUp(true);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(nacos.instances("DEFAULT_GROUP", APPLICATION))
                        .singleElement()
                        .satisfies(i -> assertThat(i.getMetadata()).containsEntry("dubbo.metadata.revision", "r3")));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(scheduler.getQueue()).isEmpty());
    }

    @Test
    void awaitsAcceptanceFromARefusedRegistrationUntilARetryIsAcceptedAndNeverAgain() {
        assertThat(registration.awaitsAcceptance()).as("nothing registered").isFalse();
        nacos.setUp(false);
        registration.register(instance("r1"), false);
        assertThat(registration.awaitsAcceptance()).isTrue();

        nacos.setUp(true);
        await().atMost(Duration.ofSeconds(10)).until(() -> !registration.awaitsAcceptance());
        assertThat(nacos.addresses("DEFAULT_GROUP", APPLICATION)).containsExactly("10.0.0.9:20880");

        nacos.setUp(false);
        registration.update(instance("r2"));
        assertThat(registration.awaitsAcceptance())
                .as("a refused update after Nacos accepted the instance once")
                .isFalse();
    }
}
