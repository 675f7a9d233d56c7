package dev.nacosapp.testkit.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.alibaba.nacos.api.exception.NacosException;
import com.alibaba.nacos.api.naming.NamingService;
import com.alibaba.nacos.api.naming.pojo.Instance;
import dev.nacosapp.testkit.http.InstanceUpdate;
import dev.nacosapp.testkit.http.NacosHttp;
import dev.nacosapp.testkit.http.NacosHttpClients;
import dev.nacosapp.testkit.http.NacosHttpException;
import dev.nacosapp.testkit.support.Names;
import dev.nacosapp.testkit.support.NamingClients;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Instance metadata over the limit is refused with the error a Nacos 2.3+ server gives. */
class MetadataLimitTest {

    private final NamingClients clients = new NamingClients();

    @AfterEach
    void shutDownClients() throws Exception {
        clients.close();
    }

    @Test
    void metadataOverTheDefaultLimitIsRefusedWithNacosError() throws Exception {
        try (EmbeddedNacosServer server = EmbeddedNacosServer.builder().build().start()) {
            NamingService provider = clients.create(server.serverAddr());
            String service = Names.unique("too-much");

            assertThatThrownBy(() -> provider.registerInstance(service, withMetadataLength(1025)))
                    .isInstanceOf(NacosException.class)
                    .hasToString("ErrCode:400, ErrMsg:Param check invalid:Param 'Metadata' is illegal, "
                            + "the param length should not exceed 1024.");
            assertThat(server.naming().instances("", "", service)).isEmpty();
        }
    }

    @Test
    void metadataAtTheLimitIsAccepted() throws Exception {
        try (EmbeddedNacosServer server = EmbeddedNacosServer.builder().build().start()) {
            NamingService provider = clients.create(server.serverAddr());
            String service = Names.unique("just-fits");

            provider.registerInstance(service, withMetadataLength(1024));

            assertThat(server.naming().instances("", "", service)).hasSize(1);
        }
    }

    @Test
    void configuredLimitAppliesToBatchRegistrations() throws Exception {
        try (EmbeddedNacosServer server =
                EmbeddedNacosServer.builder().metadataLimit(2048).build().start()) {
            NamingService provider = clients.create(server.serverAddr());
            String service = Names.unique("raised");

            provider.batchRegisterInstance(service, "DEFAULT_GROUP", List.of(withMetadataLength(2000)));

            assertThatThrownBy(() ->
                            provider.batchRegisterInstance(service, "DEFAULT_GROUP", List.of(withMetadataLength(2049))))
                    .hasMessageContaining("the param length should not exceed 2048.");
        }
    }

    @Test
    void consoleEditOverTheLimitIsRefused() throws Exception {
        try (EmbeddedNacosServer server = EmbeddedNacosServer.builder().build().start()) {
            NamingService provider = clients.create(server.serverAddr());
            String service = Names.unique("edit-too-much");
            provider.registerInstance(service, "10.2.0.1", 8080);
            NacosHttp http = NacosHttpClients.create(server.serverAddr());

            assertThatThrownBy(() -> http.updateInstance(
                            "",
                            "",
                            service,
                            InstanceUpdate.of("10.2.0.1", 8080).withMetadata(Map.of("k", "v".repeat(1024)))))
                    .isInstanceOfSatisfying(NacosHttpException.class, e -> assertThat(e.status())
                            .isEqualTo(400))
                    .hasMessageContaining("Param 'Metadata' is illegal");
        }
    }

    private static Instance withMetadataLength(int length) {
        Instance instance = new Instance();
        instance.setIp("10.2.0.2");
        instance.setPort(8080);
        // Key and value both count: "k" plus length - 1 characters.
        instance.setMetadata(Map.of("k", "v".repeat(length - 1)));
        return instance;
    }
}
