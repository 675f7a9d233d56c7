package dev.nacosapp.testkit.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.alibaba.nacos.api.PropertyKeyConst;
import com.alibaba.nacos.api.exception.NacosException;
import com.alibaba.nacos.api.naming.NamingService;
import com.alibaba.nacos.api.naming.pojo.Instance;
import com.alibaba.nacos.api.naming.remote.NamingRemoteConstants;
import com.alibaba.nacos.api.naming.remote.request.InstanceRequest;
import com.alibaba.nacos.api.remote.request.SetupAckRequest;
import com.alibaba.nacos.api.remote.response.Response;
import dev.nacosapp.testkit.http.NacosHttp;
import dev.nacosapp.testkit.http.NacosHttpClients;
import dev.nacosapp.testkit.http.NacosHttpException;
import dev.nacosapp.testkit.support.Names;
import dev.nacosapp.testkit.support.NamingClients;
import dev.nacosapp.testkit.support.PushRecorder;
import dev.nacosapp.testkit.support.RawNacosConnection;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Authentication as in Nacos: HTTP login, a token with every naming request, refusals otherwise. */
class AuthTest {

    private static final String USER = "nacos";

    private static final String PASSWORD = "s3cret";

    private static EmbeddedNacosServer server;

    private final NamingClients clients = new NamingClients();

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
    void clientsWithCredentialsRegisterSubscribeAndReceivePushes() throws Exception {
        String service = Names.unique("auth-ok");
        NamingService provider = clients.create(withCredentials(PASSWORD));
        NamingService consumer = clients.create(withCredentials(PASSWORD));
        PushRecorder pushes = new PushRecorder();
        consumer.subscribe(service, pushes);

        provider.registerInstance(service, "10.5.0.1", 8080);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> pushes.latestAddresses().contains("10.5.0.1:8080"));
    }

    @Test
    void clientsWithoutCredentialsAreRefusedAsNacosRefusesThem() throws Exception {
        NamingService anonymous = clients.create(server.serverAddr());

        assertThatThrownBy(() -> anonymous.registerInstance(Names.unique("auth-none"), "10.5.0.2", 8080))
                .isInstanceOfSatisfying(NacosException.class, e -> {
                    assertThat(e.getErrCode()).isEqualTo(NacosException.NO_RIGHT);
                    assertThat(e.getErrMsg()).isEqualTo("user not found!");
                });
    }

    @Test
    void clientsWithAWrongPasswordGetAClearRefusal() throws Exception {
        NamingService wrong = clients.create(withCredentials("wrong"));

        assertThatThrownBy(() -> wrong.registerInstance(Names.unique("auth-wrong"), "10.5.0.3", 8080))
                .isInstanceOfSatisfying(
                        NacosException.class, e -> assertThat(e.getErrCode()).isEqualTo(NacosException.NO_RIGHT));
    }

    @Test
    void loginWithAWrongPasswordIsAnsweredWith403() {
        NacosHttp http = NacosHttpClients.create(server.serverAddr(), USER, "wrong");

        assertThatThrownBy(http::login).isInstanceOfSatisfying(NacosHttpException.class, e -> {
            assertThat(e.status()).isEqualTo(403);
            assertThat(e.body()).isEqualTo("user not found!");
        });
    }

    @Test
    void requestsWithAnUnknownTokenAreRefused() throws Exception {
        try (RawNacosConnection raw = new RawNacosConnection(server.grpcPort())) {
            raw.serverCheck();
            raw.setUp();
            raw.next(SetupAckRequest.class, Duration.ofSeconds(5));
            Instance instance = new Instance();
            instance.setIp("10.5.0.4");
            instance.setPort(8080);
            InstanceRequest request = new InstanceRequest(
                    "", Names.unique("auth-bogus"), "", NamingRemoteConstants.REGISTER_INSTANCE, instance);
            request.putHeader("accessToken", "bogus");

            Response response = raw.request(request);

            assertThat(response.getErrorCode()).isEqualTo(NacosException.NO_RIGHT);
            assertThat(response.getMessage()).isEqualTo("token invalid!");
        }
    }

    @Test
    void openApiNeedsATokenButReadinessDoesNot() {
        NacosHttp anonymous = NacosHttpClients.create(server.serverAddr());
        NacosHttp loggedIn = NacosHttpClients.create(server.serverAddr(), USER, PASSWORD);

        assertThat(anonymous.isReady()).isTrue();
        assertThatThrownBy(() -> anonymous.instances("", "", "anything"))
                .isInstanceOfSatisfying(
                        NacosHttpException.class, e -> assertThat(e.status()).isEqualTo(403));
        assertThat(loggedIn.instances("", "", Names.unique("auth-http"))).isEmpty();
    }

    private static Properties withCredentials(String password) {
        Properties properties = NamingClients.properties(server.serverAddr());
        properties.setProperty(PropertyKeyConst.USERNAME, USER);
        properties.setProperty(PropertyKeyConst.PASSWORD, password);
        return properties;
    }
}
