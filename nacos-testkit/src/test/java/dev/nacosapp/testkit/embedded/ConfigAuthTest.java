package dev.nacosapp.testkit.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.alibaba.nacos.api.PropertyKeyConst;
import com.alibaba.nacos.api.config.ConfigService;
import com.alibaba.nacos.api.exception.NacosException;
import dev.nacosapp.testkit.http.NacosHttp;
import dev.nacosapp.testkit.http.NacosHttpClients;
import dev.nacosapp.testkit.http.NacosHttpException;
import dev.nacosapp.testkit.support.ConfigClients;
import dev.nacosapp.testkit.support.ConfigRecorder;
import dev.nacosapp.testkit.support.Names;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** With auth on, config requests need the token as naming requests do. */
class ConfigAuthTest {

    private static final String USER = "nacos";

    private static final String PASSWORD = "s3cret";

    private static final String GROUP = "mapping";

    private static final long TIMEOUT_MS = 5000;

    private static EmbeddedNacosServer server;

    private final ConfigClients clients = new ConfigClients();

    @BeforeAll
    static void startServer() {
        server = EmbeddedNacosServer.builder().auth(USER, PASSWORD).build().start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @AfterEach
    void shutDownClients() throws Exception {
        clients.close();
    }

    @Test
    void clientsWithCredentialsPublishReadAndListen() throws Exception {
        String dataId = Names.unique("org.example.AuthOk");
        ConfigService writer = clients.create(withCredentials(PASSWORD));
        ConfigService reader = clients.create(withCredentials(PASSWORD));
        ConfigRecorder listener = new ConfigRecorder();
        reader.addListener(dataId, GROUP, listener);
        await().atMost(Duration.ofSeconds(15)).until(() -> server.configs().listenerCount("", GROUP, dataId) == 1);

        assertThat(writer.publishConfig(dataId, GROUP, "app-a")).isTrue();

        assertThat(reader.getConfig(dataId, GROUP, TIMEOUT_MS)).isEqualTo("app-a");
        await().atMost(Duration.ofSeconds(15)).until(() -> listener.latest().equals(Optional.of(Optional.of("app-a"))));
    }

    @Test
    void clientsWithAWrongPasswordAreRefused() throws Exception {
        String dataId = Names.unique("org.example.AuthWrong");
        server.configs().publish("", GROUP, dataId, "app-a");
        ConfigService wrong = clients.create(withCredentials("wrong"));

        assertThatThrownBy(() -> wrong.getConfig(dataId, GROUP, TIMEOUT_MS))
                .isInstanceOfSatisfying(
                        NacosException.class, e -> assertThat(e.getErrCode()).isEqualTo(NacosException.NO_RIGHT));
        assertThat(wrong.publishConfig(dataId, GROUP, "app-b")).isFalse();
        assertThat(server.configs().content("", GROUP, dataId)).contains("app-a");
    }

    @Test
    void theConfigOpenApiNeedsAToken() {
        String dataId = Names.unique("org.example.AuthHttp");
        NacosHttp anonymous = NacosHttpClients.create(server.serverAddr());
        NacosHttp loggedIn = NacosHttpClients.create(server.serverAddr(), USER, PASSWORD);

        assertThatThrownBy(() -> anonymous.config("", GROUP, dataId))
                .isInstanceOfSatisfying(
                        NacosHttpException.class, e -> assertThat(e.status()).isEqualTo(403));
        loggedIn.publishConfig("", GROUP, dataId, "app-a");
        assertThat(loggedIn.config("", GROUP, dataId)).contains("app-a");
    }

    private static Properties withCredentials(String password) {
        Properties properties = ConfigClients.properties(server.serverAddr(), "");
        properties.setProperty(PropertyKeyConst.USERNAME, USER);
        properties.setProperty(PropertyKeyConst.PASSWORD, password);
        return properties;
    }
}
