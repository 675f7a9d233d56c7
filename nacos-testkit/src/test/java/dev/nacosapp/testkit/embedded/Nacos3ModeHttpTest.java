package dev.nacosapp.testkit.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.alibaba.nacos.api.naming.NamingService;
import com.alibaba.nacos.api.naming.pojo.Instance;
import com.alibaba.nacos.common.utils.JacksonUtils;
import com.fasterxml.jackson.databind.JsonNode;
import dev.nacosapp.testkit.http.NacosHttpClients;
import dev.nacosapp.testkit.http.RegisteredInstance;
import dev.nacosapp.testkit.model.NacosLine;
import dev.nacosapp.testkit.support.Names;
import dev.nacosapp.testkit.support.NamingClients;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The raw HTTP answers of the embedded server's 3.x mode, with the shapes a real Nacos 3.0.3 gives: v3 envelope,
 * 410 for the v1 admin and console paths, the admin API behind a login while clients need none.
 */
class Nacos3ModeHttpTest {

    private static final String ADMIN_PASSWORD = "v3-admin";

    private static EmbeddedNacosServer server;

    private static String token;

    private final HttpClient client = HttpClient.newBuilder()
            .proxy(HttpClient.Builder.NO_PROXY)
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private final NamingClients clients = new NamingClients();

    @BeforeAll
    static void start() throws Exception {
        server = EmbeddedNacosServer.builder().line(NacosLine.V3).build().start();
        HttpClient http =
                HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();
        http.send(
                post("/nacos/v3/auth/user/admin", "password=" + ADMIN_PASSWORD), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> login = http.send(
                post("/nacos/v3/auth/user/login", "username=nacos&password=" + ADMIN_PASSWORD),
                HttpResponse.BodyHandlers.ofString());
        token = JacksonUtils.toObj(login.body()).path("accessToken").asText();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @AfterEach
    void closeClients() throws Exception {
        clients.close();
    }

    @Test
    void readinessAnswersTheV3Envelope() throws Exception {
        HttpResponse<String> response = get("/nacos/v3/admin/core/state/readiness");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response)).hasToString("{\"code\":0,\"message\":\"success\",\"data\":\"ok\"}");
    }

    @Test
    void v1AdminAndConsolePathsAreGoneWithTheirReplacement() throws Exception {
        HttpResponse<String> readiness = get("/nacos/v1/console/health/readiness");
        HttpResponse<String> edit = send("PUT", "/nacos/v1/ns/instance", "serviceName=x&ip=1.1.1.1&port=1");

        assertThat(readiness.statusCode()).isEqualTo(410);
        assertThat(json(readiness).path("code").asInt()).isEqualTo(40000);
        assertThat(json(readiness).path("message").asText()).contains("/v3/admin/core/state/readiness");
        assertThat(edit.statusCode()).isEqualTo(410);
        assertThat(json(edit).path("message").asText())
                .contains("PUT ${contextPath:nacos}/v3/admin/ns/instance")
                .contains("nacos.core.api.compatibility.admin.enabled=true");
    }

    @Test
    void theAdminApiNeedsALoginWhileClientsNeedNone() throws Exception {
        String service = Names.unique("v3-auth");
        NamingService naming = clients.create(server.serverAddr());
        naming.registerInstance(service, "10.31.0.1", 8080);

        HttpResponse<String> anonymous = get("/nacos/v3/admin/ns/instance/list?serviceName=" + service);
        HttpResponse<String> loggedIn =
                get("/nacos/v3/admin/ns/instance/list?serviceName=" + service + "&accessToken=" + token);

        assertThat(anonymous.statusCode()).isEqualTo(403);
        assertThat(anonymous.body()).isEqualTo("user not found!");
        assertThat(loggedIn.statusCode()).isEqualTo(200);
        assertThat(json(loggedIn).path("data").get(0).path("serviceName").asText())
                .isEqualTo("DEFAULT_GROUP@@" + service);
        assertThat(get("/nacos/v1/ns/instance/list?serviceName=" + service).statusCode())
                .as("v1 client paths still answer on 3.0")
                .isEqualTo(200);
    }

    @Test
    void anUnknownServiceIs404WithCode30000() throws Exception {
        String service = Names.unique("v3-missing");

        HttpResponse<String> response =
                get("/nacos/v3/admin/ns/instance/list?serviceName=" + service + "&accessToken=" + token);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).path("code").asInt()).isEqualTo(30000);
        assertThat(json(response).path("data").asText())
                .isEqualTo("service DEFAULT_GROUP@@" + service + " is not found!");
    }

    @Test
    void theAdminListReadsOneClusterDefaultWhenNoneIsNamedAsANacos30ServerDoes() throws Exception {
        String service = Names.unique("v3-clusters");
        NamingService naming = clients.create(server.serverAddr());
        Instance zoned = new Instance();
        zoned.setIp("10.31.0.2");
        zoned.setPort(8080);
        zoned.setClusterName("hz");
        naming.registerInstance(service, zoned);
        String base = "/nacos/v3/admin/ns/instance/list?serviceName=" + service + "&accessToken=" + token;

        HttpResponse<String> unnamed = get(base);
        HttpResponse<String> named = get(base + "&clusterName=hz");
        HttpResponse<String> detail =
                get("/nacos/v3/admin/ns/service?serviceName=" + service + "&accessToken=" + token);

        // Seen on a real 3.0.3: {"code":30000,"message":"server error","data":"cluster DEFAULT is not found!"}, 404.
        assertThat(unnamed.statusCode()).isEqualTo(404);
        assertThat(json(unnamed).path("data").asText()).isEqualTo("cluster DEFAULT is not found!");
        assertThat(json(named).path("data")).hasSize(1);
        assertThat(json(detail).path("data").path("clusterMap").has("hz")).isTrue();
        assertThat(NacosHttpClients.create(server.serverAddr(), "nacos", ADMIN_PASSWORD)
                        .instances("", "", service))
                .as("the test kit's client lists every cluster the service has")
                .extracting(RegisteredInstance::clusterName)
                .containsExactly("hz");
    }

    @Test
    void theDetailOfAnUnknownServiceIs400WithCode21008() throws Exception {
        String service = Names.unique("v3-no-detail");

        HttpResponse<String> response =
                get("/nacos/v3/admin/ns/service?serviceName=" + service + "&accessToken=" + token);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("code").asInt()).isEqualTo(21008);
    }

    @Test
    void aSecondAdminInitialisationIsRefusedWithCode409() throws Exception {
        HttpResponse<String> response =
                client.send(post("/nacos/v3/auth/user/admin", "password=other"), HttpResponse.BodyHandlers.ofString());

        assertThat(json(response).path("code").asInt()).isEqualTo(409);
    }

    @Test
    void the2xModeAnswersNoV3Path() throws Exception {
        try (EmbeddedNacosServer v2 = EmbeddedNacosServer.builder().build().start()) {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(
                                    URI.create("http://" + v2.serverAddr() + "/nacos/v3/admin/core/state/readiness"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(404);
        }
    }

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create("http://" + server.serverAddr() + pathAndQuery))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, String path, String form) throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create("http://" + server.serverAddr() + path))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .method(method, HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest post(String path, String form) {
        return HttpRequest.newBuilder(URI.create("http://" + server.serverAddr() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JacksonUtils.toObj(response.body());
    }
}
