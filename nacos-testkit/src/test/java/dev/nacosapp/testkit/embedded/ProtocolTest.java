package dev.nacosapp.testkit.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.alibaba.nacos.api.config.remote.request.ConfigBatchListenRequest;
import com.alibaba.nacos.api.config.remote.request.ConfigChangeNotifyRequest;
import com.alibaba.nacos.api.config.remote.response.ConfigChangeNotifyResponse;
import com.alibaba.nacos.api.exception.NacosException;
import com.alibaba.nacos.api.naming.remote.request.NotifySubscriberRequest;
import com.alibaba.nacos.api.naming.remote.request.SubscribeServiceRequest;
import com.alibaba.nacos.api.naming.remote.response.NotifySubscriberResponse;
import com.alibaba.nacos.api.remote.request.HealthCheckRequest;
import com.alibaba.nacos.api.remote.request.ServerLoaderInfoRequest;
import com.alibaba.nacos.api.remote.request.SetupAckRequest;
import com.alibaba.nacos.api.remote.response.ErrorResponse;
import com.alibaba.nacos.api.remote.response.HealthCheckResponse;
import com.alibaba.nacos.api.remote.response.Response;
import dev.nacosapp.testkit.embedded.grpc.ServerAbilities;
import dev.nacosapp.testkit.support.Names;
import dev.nacosapp.testkit.support.RawNacosConnection;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Nacos 2.x gRPC protocol details that nacos-client relies on, driven by hand. */
class ProtocolTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private static EmbeddedNacosServer server;

    @BeforeAll
    static void startServer() {
        server = EmbeddedNacosServer.builder()
                .pushAckTimeout(Duration.ofMillis(300))
                .pushRetryDelay(Duration.ofMillis(100))
                .build()
                .start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void serverCheckHandsOutAConnectionId() throws Exception {
        try (RawNacosConnection raw = new RawNacosConnection(server.grpcPort())) {
            assertThat(raw.serverCheck()).isNotBlank();
        }
    }

    @Test
    void connectionSetupIsAcknowledgedWithTheServerAbilities() throws Exception {
        try (RawNacosConnection raw = new RawNacosConnection(server.grpcPort())) {
            raw.serverCheck();
            raw.setUp();

            SetupAckRequest ack = raw.next(SetupAckRequest.class, WAIT);

            // Persistent instances over gRPC, as Nacos 2.x and 3.x; nothing the server does not implement.
            assertThat(ack.getAbilityTable())
                    .containsEntry(ServerAbilities.PERSISTENT_INSTANCE_BY_GRPC, true)
                    .containsEntry(ServerAbilities.FUZZY_WATCH, false)
                    .containsEntry(ServerAbilities.DISTRIBUTED_LOCK, false)
                    .containsEntry(ServerAbilities.MCP_REGISTRY, false);
        }
    }

    @Test
    void requestsOnAConnectionThatWasNeverSetUpGetUnRegister() throws Exception {
        try (RawNacosConnection raw = new RawNacosConnection(server.grpcPort())) {
            raw.serverCheck();

            Response response = raw.request(new HealthCheckRequest());

            assertThat(response).isInstanceOf(ErrorResponse.class);
            assertThat(response.getErrorCode()).isEqualTo(NacosException.UN_REGISTER);
        }
    }

    @Test
    void healthChecksOfASetUpConnectionSucceed() throws Exception {
        try (RawNacosConnection raw = setUp()) {
            assertThat(raw.request(new HealthCheckRequest()))
                    .isInstanceOf(HealthCheckResponse.class)
                    .extracting(Response::isSuccess)
                    .isEqualTo(true);
        }
    }

    @Test
    void requestsWithoutAHandlerAreRefused() throws Exception {
        try (RawNacosConnection raw = setUp()) {
            Response response = raw.request(new ServerLoaderInfoRequest());

            assertThat(response.getErrorCode()).isEqualTo(NacosException.NO_HANDLER);
        }
    }

    @Test
    void aNewSubscriptionGetsTheCurrentListPushedEvenAnEmptyOne() throws Exception {
        String service = Names.unique("subscribe-push");
        try (RawNacosConnection raw = setUp()) {
            raw.request(new SubscribeServiceRequest("", "", service, "", true));

            NotifySubscriberRequest push = raw.next(NotifySubscriberRequest.class, WAIT);
            raw.answer(ack(push));

            // Not null: nacos-client ignores a push without hosts, and its cache had nothing, so no callback follows.
            assertThat(push.getServiceInfo().getHosts()).isNotNull().isEmpty();
            assertThat(push.getServiceInfo().getName()).isEqualTo(service);
        }
    }

    @Test
    void unacknowledgedPushIsRetriedUntilAcknowledged() throws Exception {
        String service = Names.unique("no-ack");
        try (RawNacosConnection raw = setUp()) {
            // Nothing else changes the service, so the only pushes are the subscription's first one and retries.
            raw.request(new SubscribeServiceRequest("", "", service, "", true));

            NotifySubscriberRequest first = raw.next(NotifySubscriberRequest.class, WAIT);
            NotifySubscriberRequest retried = raw.next(NotifySubscriberRequest.class, WAIT);
            raw.answer(ack(retried));

            assertThat(retried.getRequestId()).isNotEqualTo(first.getRequestId());
            assertThat(retried.getServiceInfo().getHosts()).isEmpty();
            assertThat(raw.poll(Duration.ofMillis(800))).isNull();
        }
    }

    @Test
    void pushAnsweredWithAnErrorIsRetried() throws Exception {
        String service = Names.unique("error-ack");
        try (RawNacosConnection raw = setUp()) {
            raw.request(new SubscribeServiceRequest("", "", service, "", true));
            NotifySubscriberRequest first = raw.next(NotifySubscriberRequest.class, WAIT);
            Response refusal = ErrorResponse.build(NacosException.CLIENT_ERROR, "Handle server request error");
            refusal.setRequestId(first.getRequestId());
            long failedBefore = server.naming().pushStats().failed();

            raw.answer(refusal);

            NotifySubscriberRequest retried = raw.next(NotifySubscriberRequest.class, WAIT);
            raw.answer(ack(retried));
            assertThat(server.naming().pushStats().failed()).isGreaterThan(failedBefore);
        }
    }

    @Test
    void configNotificationsCarryTheTenantTheListenerSent() throws Exception {
        // nacos-client 2.x listens to the default namespace with an empty tenant, 3.x with "public"; each looks its
        // cache entry up by the tenant of the notification.
        String dataId = Names.unique("org.example.Tenant");
        try (RawNacosConnection twoX = setUp();
                RawNacosConnection threeX = setUp()) {
            twoX.request(listen(dataId, ""));
            threeX.request(listen(dataId, "public"));

            server.configs().publish("", "mapping", dataId, "app-a");

            ConfigChangeNotifyRequest toTwoX = twoX.next(ConfigChangeNotifyRequest.class, WAIT);
            ConfigChangeNotifyRequest toThreeX = threeX.next(ConfigChangeNotifyRequest.class, WAIT);
            twoX.answer(ack(toTwoX));
            threeX.answer(ack(toThreeX));
            assertThat(toTwoX.getTenant()).isEmpty();
            assertThat(toThreeX.getTenant()).isEqualTo("public");
            assertThat(toThreeX.getDataId()).isEqualTo(dataId);
        }
    }

    private static ConfigBatchListenRequest listen(String dataId, String tenant) {
        ConfigBatchListenRequest request = new ConfigBatchListenRequest();
        request.setListen(true);
        request.addConfigListenContext("mapping", dataId, tenant, "");
        return request;
    }

    private static ConfigChangeNotifyResponse ack(ConfigChangeNotifyRequest notification) {
        ConfigChangeNotifyResponse response = new ConfigChangeNotifyResponse();
        response.setRequestId(notification.getRequestId());
        return response;
    }

    private static RawNacosConnection setUp() throws InterruptedException {
        RawNacosConnection raw = new RawNacosConnection(server.grpcPort());
        String connectionId = raw.serverCheck();
        raw.setUp();
        raw.next(SetupAckRequest.class, WAIT);
        await().atMost(WAIT)
                .until(() -> connectionId != null && server.clients().connectionCount() > 0);
        return raw;
    }

    private static NotifySubscriberResponse ack(NotifySubscriberRequest push) {
        NotifySubscriberResponse response = new NotifySubscriberResponse();
        response.setRequestId(push.getRequestId());
        return response;
    }
}
