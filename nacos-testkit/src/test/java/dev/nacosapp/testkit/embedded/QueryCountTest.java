package dev.nacosapp.testkit.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.alibaba.nacos.api.exception.NacosException;
import com.alibaba.nacos.api.naming.NamingService;
import com.alibaba.nacos.api.naming.remote.request.ServiceQueryRequest;
import dev.nacosapp.testkit.support.Names;
import dev.nacosapp.testkit.support.NamingClients;
import dev.nacosapp.testkit.support.PushRecorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code queryCount}: the gRPC instance queries of each service, driven with the real nacos-client. */
class QueryCountTest {

    private final NamingClients clients = new NamingClients();

    private EmbeddedNacosServer server;

    @BeforeEach
    void startServer() {
        server = EmbeddedNacosServer.builder().build().start();
    }

    @AfterEach
    void stopAll() throws Exception {
        clients.close();
        server.close();
    }

    @Test
    void countsEachQueryOfAServiceAndNothingOfOtherServicesGroupsOrNamespaces() throws Exception {
        String queried = Names.unique("queried");
        String other = Names.unique("queried-other");
        NamingService client = clients.create(server.serverAddr());
        client.registerInstance(queried, "10.9.1.1", 8080);

        client.getAllInstances(queried, false);
        client.getAllInstances(queried, false);
        client.selectInstances(queried, true, false);
        client.getAllInstances(other, false);

        assertThat(server.naming().queryCount("", "", queried)).isEqualTo(3);
        assertThat(server.naming().queryCount("public", "DEFAULT_GROUP", queried))
                .as("blank namespace and group are public and DEFAULT_GROUP")
                .isEqualTo(3);
        assertThat(server.naming().queryCount("", "", other)).isEqualTo(1);
        assertThat(server.naming().queryCount("", "another-group", queried)).isZero();
        assertThat(server.naming().queryCount("another-namespace", "", queried)).isZero();
    }

    @Test
    void aSubscriptionAndReadsFromTheSubscribedCacheAreNoQueries() throws Exception {
        String subscribed = Names.unique("subscribed");
        NamingService client = clients.create(server.serverAddr());
        client.registerInstance(subscribed, "10.9.2.1", 8080);

        client.subscribe(subscribed, new PushRecorder());
        client.getAllInstances(subscribed);

        assertThat(server.naming().queryCount("", "", subscribed)).isZero();
        assertThat(server.naming().subscriberCount("", "", subscribed)).isEqualTo(1);
    }

    @Test
    void refusedQueriesAreNotCounted() throws Exception {
        String service = Names.unique("refused-query");
        NamingService client = clients.create(server.serverAddr());

        server.faults().refuseNextRequests(1, ServiceQueryRequest.class);

        assertThatThrownBy(() -> client.getAllInstances(service, false)).isInstanceOf(NacosException.class);
        assertThat(server.naming().queryCount("", "", service)).isZero();
        client.getAllInstances(service, false);
        assertThat(server.naming().queryCount("", "", service)).isEqualTo(1);
    }

    @Test
    void countsOutlastARestart() throws Exception {
        String service = Names.unique("restart-query");
        clients.create(server.serverAddr()).getAllInstances(service, false);

        server.restart();
        clients.create(server.serverAddr()).getAllInstances(service, false);

        assertThat(server.naming().queryCount("", "", service)).isEqualTo(2);
    }
}
