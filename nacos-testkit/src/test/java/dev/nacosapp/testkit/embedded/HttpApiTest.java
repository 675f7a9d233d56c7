package dev.nacosapp.testkit.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.alibaba.nacos.api.naming.NamingService;
import com.alibaba.nacos.api.naming.pojo.Instance;
import com.alibaba.nacos.common.utils.JacksonUtils;
import com.fasterxml.jackson.databind.JsonNode;
import dev.nacosapp.testkit.http.InstanceUpdate;
import dev.nacosapp.testkit.http.NacosHttp;
import dev.nacosapp.testkit.http.NacosHttpClients;
import dev.nacosapp.testkit.http.NacosHttpException;
import dev.nacosapp.testkit.http.RegisteredInstance;
import dev.nacosapp.testkit.http.ServicePage;
import dev.nacosapp.testkit.support.Names;
import dev.nacosapp.testkit.support.NamingClients;
import dev.nacosapp.testkit.support.PushRecorder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The HTTP open API that operators and tests use from outside. */
class HttpApiTest {

    private static final Duration PUSH_TIMEOUT = Duration.ofSeconds(10);

    private static EmbeddedNacosServer server;

    private static NacosHttp http;

    private final NamingClients clients = new NamingClients();

    private final HttpClient raw =
            HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();

    @BeforeAll
    static void startServer() {
        server = EmbeddedNacosServer.builder().build().start();
        http = NacosHttpClients.create(server.serverAddr());
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
    void readinessAnswersOk() throws Exception {
        HttpResponse<String> response = get("/nacos/v1/console/health/readiness");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("OK");
    }

    @Test
    void instanceListAnswersWithNacosFieldNames() throws Exception {
        String service = Names.unique("json");
        NamingService provider = clients.create(server.serverAddr());
        Instance instance = instance("10.6.0.1", 8080);
        instance.setMetadata(Map.of("k", "v"));
        provider.registerInstance(service, instance);

        JsonNode body = JacksonUtils.toObj(
                get("/nacos/v1/ns/instance/list?serviceName=" + service).body());

        assertThat(body.path("name").asText()).isEqualTo("DEFAULT_GROUP@@" + service);
        JsonNode host = body.path("hosts").get(0);
        assertThat(host.path("instanceId").asText()).isEqualTo("10.6.0.1#8080#null#DEFAULT_GROUP@@" + service);
        assertThat(host.path("ip").asText()).isEqualTo("10.6.0.1");
        assertThat(host.path("port").asInt()).isEqualTo(8080);
        assertThat(host.path("weight").asDouble()).isEqualTo(1.0);
        assertThat(host.path("healthy").asBoolean()).isTrue();
        assertThat(host.path("enabled").asBoolean()).isTrue();
        assertThat(host.path("ephemeral").asBoolean()).isTrue();
        assertThat(host.path("clusterName").asText()).isEqualTo("DEFAULT");
        assertThat(host.path("serviceName").asText()).isEqualTo("DEFAULT_GROUP@@" + service);
        assertThat(host.path("metadata").path("k").asText()).isEqualTo("v");
    }

    @Test
    void instanceListFiltersByNamespaceGroupClusterAndHealth() throws Exception {
        String service = Names.unique("filter");
        NamingService east = clients.create(server.serverAddr());
        NamingService sickEast = clients.create(server.serverAddr());
        NamingService west = clients.create(server.serverAddr());
        east.registerInstance(service, "filter-group", "10.6.1.1", 8080, "east");
        Instance sick = instance("10.6.1.2", 8080);
        sick.setClusterName("east");
        sick.setHealthy(false);
        sickEast.registerInstance(service, "filter-group", sick);
        west.registerInstance(service, "filter-group", "10.6.1.3", 8080, "west");

        List<RegisteredInstance> all = http.instances("public", "filter-group", service);
        List<RegisteredInstance> healthyEast = http.instances("", "filter-group", service, "east", true);

        assertThat(all)
                .extracting(RegisteredInstance::address)
                .containsExactlyInAnyOrder("10.6.1.1:8080", "10.6.1.2:8080", "10.6.1.3:8080");
        assertThat(healthyEast).extracting(RegisteredInstance::address).containsExactly("10.6.1.1:8080");
        assertThat(http.instances("", "", service)).isEmpty();
        assertThat(http.instances("elsewhere", "filter-group", service)).isEmpty();
    }

    @Test
    void instanceListLeavesDisabledInstancesOut() throws Exception {
        String service = Names.unique("disabled-list");
        NamingService provider = clients.create(server.serverAddr());
        Instance disabled = instance("10.6.2.1", 8080);
        disabled.setEnabled(false);
        provider.registerInstance(service, disabled);

        assertThat(http.instances("", "", service)).isEmpty();
    }

    @Test
    void serviceListCountsAndPagesServiceNames() throws Exception {
        String group = Names.unique("http-list");
        for (int i = 0; i < 3; i++) {
            clients.create(server.serverAddr()).registerInstance("svc-" + i, group, "10.6.3." + i, 8080);
        }

        JsonNode body = JacksonUtils.toObj(get("/nacos/v1/ns/service/list?pageNo=1&pageSize=2&groupName=" + group)
                .body());
        ServicePage second = http.services("", group, 2, 2);

        assertThat(body.path("count").asInt()).isEqualTo(3);
        assertThat(body.path("doms")).extracting(JsonNode::asText).containsExactly("svc-0", "svc-1");
        assertThat(second).isEqualTo(new ServicePage(3, List.of("svc-2")));
    }

    @Test
    void instanceUpdateIsPushedToSubscribersLikeAConsoleEdit() throws Exception {
        String service = Names.unique("edit");
        NamingService provider = clients.create(server.serverAddr());
        NamingService consumer = clients.create(server.serverAddr());
        PushRecorder pushes = new PushRecorder();
        consumer.subscribe(service, pushes);
        Instance instance = instance("10.6.4.1", 8080);
        instance.setMetadata(Map.of("registered", "yes"));
        provider.registerInstance(service, instance);
        await().atMost(PUSH_TIMEOUT).until(() -> pushes.latestAddresses().contains("10.6.4.1:8080"));

        http.updateInstance(
                "",
                "",
                service,
                InstanceUpdate.of("10.6.4.1", 8080).withWeight(5).withMetadata(Map.of("edited", "1")));

        await().atMost(PUSH_TIMEOUT)
                .until(() -> pushes.latest().orElseThrow().get(0).getWeight() == 5.0);
        assertThat(pushes.latest().orElseThrow().get(0).getMetadata())
                .containsEntry("registered", "yes")
                .containsEntry("edited", "1");
        assertThat(http.instances("", "", service)).singleElement().satisfies(i -> assertThat(i.weight())
                .isEqualTo(5.0));

        http.updateInstance("", "", service, InstanceUpdate.of("10.6.4.1", 8080).withEnabled(false));

        await().atMost(PUSH_TIMEOUT).until(() -> pushes.latest().orElseThrow().isEmpty());
        assertThat(server.naming().instances("", "", service)).singleElement().satisfies(i -> assertThat(i.isEnabled())
                .isFalse());
    }

    @Test
    void instanceUpdateTakesQueryParametersToo() throws Exception {
        String service = Names.unique("edit-query");
        clients.create(server.serverAddr()).registerInstance(service, "10.6.5.1", 8080);

        HttpResponse<String> response = raw.send(
                HttpRequest.newBuilder(URI.create(base() + "/nacos/v1/ns/instance?serviceName=" + service
                                + "&ip=10.6.5.1&port=8080&weight=3&metadata=%7B%22a%22%3A%22b%22%7D"))
                        .PUT(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("ok");
        assertThat(server.naming().instances("", "", service)).singleElement().satisfies(i -> {
            assertThat(i.getWeight()).isEqualTo(3.0);
            assertThat(i.getMetadata()).containsEntry("a", "b");
        });
    }

    @Test
    void instanceUpdateOfAnUnknownServiceIsRefused() {
        assertThatThrownBy(
                        () -> http.updateInstance("", "", Names.unique("missing"), InstanceUpdate.of("10.6.6.1", 8080)))
                .isInstanceOfSatisfying(
                        NacosHttpException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining("service not found");
    }

    @Test
    void unknownPathsAnswer404() throws Exception {
        assertThat(get("/nacos/v2/ns/instance/list?serviceName=x").statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        return raw.send(
                HttpRequest.newBuilder(URI.create(base() + pathAndQuery)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String base() {
        return "http://" + server.serverAddr();
    }

    private static Instance instance(String ip, int port) {
        Instance instance = new Instance();
        instance.setIp(ip);
        instance.setPort(port);
        return instance;
    }
}
