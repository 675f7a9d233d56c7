package dev.nacosapp.testkit.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.alibaba.nacos.api.PropertyKeyConst;
import com.alibaba.nacos.api.naming.NamingService;
import dev.nacosapp.testkit.http.InstanceUpdate;
import dev.nacosapp.testkit.http.NacosHttp;
import dev.nacosapp.testkit.http.NacosHttpClients;
import dev.nacosapp.testkit.http.NacosHttpException;
import dev.nacosapp.testkit.model.NacosCredentials;
import dev.nacosapp.testkit.model.NacosLine;
import dev.nacosapp.testkit.support.Names;
import dev.nacosapp.testkit.support.NamingClients;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link NacosHttp} against the embedded server playing each line: the line is detected, and every call means the
 * same on both, through the v1 API on 2.x and the v3 admin API (with its login) on 3.x.
 */
class NacosHttpLinesTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static final String ADMIN_PASSWORD = "admin-secret-1";

    private final NamingClients clients = new NamingClients();

    private EmbeddedNacosServer server;

    @AfterEach
    void stop() throws Exception {
        clients.close();
        if (server != null) {
            server.close();
        }
    }

    private NacosHttp start(NacosLine line) {
        server = EmbeddedNacosServer.builder().line(line).build().start();
        NacosHttp http =
                NacosHttpClients.create(server.serverAddr(), null, new NacosCredentials("nacos", ADMIN_PASSWORD));
        if (line == NacosLine.V3) {
            assertThat(http.initialiseAdmin(ADMIN_PASSWORD)).isTrue();
        }
        return http;
    }

    @ParameterizedTest
    @EnumSource(NacosLine.class)
    void detectsTheLineAndAnswersReadiness(NacosLine line) {
        NacosHttp http = start(line);

        assertThat(http.line()).isEqualTo(line);
        assertThat(http.isReady()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(NacosLine.class)
    void listsEditsAndPagesInstancesAlikeOnBothLines(NacosLine line) throws Exception {
        NacosHttp http = start(line);
        String namespace = Names.unique("lines-ns");
        String service = Names.unique("lines");
        assertThat(http.createNamespace(namespace)).isTrue();
        assertThat(http.createNamespace(namespace)).as("existing").isFalse();
        assertThat(http.namespaces()).contains("public", namespace);
        Properties properties = NamingClients.properties(server.serverAddr());
        properties.setProperty(PropertyKeyConst.NAMESPACE, namespace);
        NamingService naming = clients.create(properties);
        naming.registerInstance(service, "10.30.0.1", 8080);
        naming.registerInstance(service + "-b", "10.30.0.2", 8080);
        await().atMost(TIMEOUT)
                .until(() -> http.instances(namespace, "", service).size() == 1);

        http.updateInstance(
                namespace,
                "",
                service,
                InstanceUpdate.of("10.30.0.1", 8080).withWeight(4).withMetadata(Map.of("zone", "c")));

        assertThat(http.instances(namespace, "", service)).singleElement().satisfies(i -> {
            assertThat(i.weight()).isEqualTo(4.0);
            assertThat(i.metadata()).containsEntry("zone", "c");
            assertThat(i.instanceId()).isEqualTo("10.30.0.1#8080#DEFAULT#DEFAULT_GROUP@@" + service);
        });
        http.updateInstance(
                namespace, "", service, InstanceUpdate.of("10.30.0.1", 8080).withEnabled(false));
        assertThat(http.instances(namespace, "", service))
                .as("disabled instances are left out")
                .isEmpty();
        assertThat(http.instances(namespace, "", Names.unique("unknown"))).isEmpty();
        assertThat(http.services(namespace, "", 1, 100).names()).containsExactlyInAnyOrder(service, service + "-b");
    }

    @ParameterizedTest
    @EnumSource(NacosLine.class)
    void readsAndPublishesConfigs(NacosLine line) {
        NacosHttp http = start(line);
        String dataId = Names.unique("lines-config");

        assertThat(http.config("", "DEFAULT_GROUP", dataId)).isEmpty();
        http.publishConfig("", "DEFAULT_GROUP", dataId, "k=v");

        assertThat(http.config("", "DEFAULT_GROUP", dataId)).contains("k=v");
        assertThat(server.configs().content("public", "DEFAULT_GROUP", dataId)).contains("k=v");
    }

    @ParameterizedTest
    @EnumSource(NacosLine.class)
    void aWrongPasswordIsRefusedWithTheLinesMessage(NacosLine line) {
        server = EmbeddedNacosServer.builder()
                .line(line)
                .auth("nacos", "right")
                .build()
                .start();
        NacosHttp wrong = NacosHttpClients.create(server.serverAddr(), "nacos", "wrong");

        assertThatThrownBy(wrong::login).isInstanceOfSatisfying(NacosHttpException.class, e -> {
            assertThat(e.status()).isEqualTo(403);
            assertThat(e.body())
                    .isEqualTo(
                            line == NacosLine.V3
                                    ? "User not found! Please check user exist or password is right!"
                                    : "user not found!");
        });
        assertThatThrownBy(NacosHttpClients.create(server.serverAddr(), "nobody", "x")::login)
                .isInstanceOfSatisfying(
                        NacosHttpException.class, e -> assertThat(e.body()).isEqualTo("user not found!"));
    }

    @ParameterizedTest
    @EnumSource(NacosLine.class)
    void theAdminPasswordCanBeInitialisedOnce(NacosLine line) {
        NacosHttp http = start(line);
        if (line == NacosLine.V2) {
            assertThat(http.initialiseAdmin(ADMIN_PASSWORD)).isTrue();
        }

        assertThat(http.initialiseAdmin("another")).isFalse();
        if (line == NacosLine.V3) {
            assertThat(http.login())
                    .as("the 3.x admin API's login, with the first password")
                    .isNotBlank();
        }
    }
}
