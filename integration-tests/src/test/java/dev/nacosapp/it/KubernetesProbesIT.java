package dev.nacosapp.it;

import static dev.nacosapp.it.support.Waits.eventually;
import static dev.nacosapp.it.support.Waits.within;
import static org.assertj.core.api.Assertions.assertThat;

import com.alibaba.nacos.api.naming.remote.request.InstanceRequest;
import dev.nacosapp.it.app.ProviderSpec;
import dev.nacosapp.it.support.FreePorts;
import dev.nacosapp.it.support.Names;
import dev.nacosapp.it.support.ProviderProcess;
import dev.nacosapp.it.support.Registry;
import dev.nacosapp.testkit.EmbeddedNacosServer;
import dev.nacosapp.testkit.NacosTarget;
import dev.nacosapp.testkit.junit.WithNacos;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes probes Dubbo's QoS serves over HTTP ({@code /startup}, {@code /ready}, {@code /live}) on a provider
 * JVM whose registration the server refuses for a while: not started and not ready until Nacos accepted the instance,
 * then started and ready for good, also once Nacos is gone; alive throughout. The provider starts with
 * {@code check=false}, as it would in a cluster where Nacos may be away when pods start.
 */
@WithNacos
class KubernetesProbesIT {

    /**
     * Registrations the server refuses: the provider's retries (back-off capped at 1 s here) and nacos-client's redo
     * (every 3 s) use them up in about 15 s, long after the provider JVM has started.
     */
    private static final int REFUSED_REGISTRATIONS = 20;

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final String namespace = Names.unique("it-probes");

    private final String application = Names.unique("probed-provider");

    private final int qosPort = FreePorts.next();

    private ProviderProcess provider;

    @AfterEach
    void stopAll(NacosTarget nacos) {
        if (provider != null) {
            provider.close();
        }
        nacos.embedded().ifPresent(EmbeddedNacosServer::start);
    }

    @Test
    void startupAndReadyAnswer503UntilNacosAcceptsTheInstanceThen200ForGoodEvenWithoutNacos(NacosTarget nacos) {
        EmbeddedNacosServer server = nacos.requireEmbedded("A server that refuses registrations, then stops");
        Registry registry =
                Registry.of(nacos).namespace(namespace).with("check", "false").with("retry-max-delay", "1s");
        server.faults().refuseNextRequests(REFUSED_REGISTRATIONS, InstanceRequest.class);

        provider = ProviderProcess.launch(getClass(), spec(registry)).awaitReady();

        assertThat(server.naming().instances(namespace, "DEFAULT_GROUP", application))
                .as("refused so far")
                .isEmpty();
        assertThat(status("/startup")).as("/startup while Nacos refuses").isEqualTo(503);
        assertThat(status("/ready")).as("/ready while Nacos refuses").isEqualTo(503);
        assertThat(status("/live")).as("/live while Nacos refuses").isEqualTo(200);

        eventually().until(() -> status("/startup") == 200);
        assertThat(server.naming().instances(namespace, "DEFAULT_GROUP", application))
                .as("registered once /startup says so")
                .hasSize(1);
        eventually().until(() -> status("/ready") == 200);

        server.stop();
        within(Duration.ofSeconds(60))
                .during(Duration.ofSeconds(8))
                .until(() -> status("/startup") == 200 && status("/ready") == 200 && status("/live") == 200);
    }

    private ProviderSpec spec(Registry registry) {
        return ProviderSpec.of(application, "probed-1", registry.address())
                .withProtocol("dubbo", FreePorts.next())
                .withDubboProperty("dubbo.application.qos-enable", "true")
                .withDubboProperty("dubbo.application.qos-host", "127.0.0.1")
                .withDubboProperty("dubbo.application.qos-port", Integer.toString(qosPort))
                .withDubboProperty("dubbo.application.qos-accept-foreign-ip", "false")
                // Dubbo's own deployer readiness probe waits for every application of the framework, and the one
                // new FrameworkModel() creates as its default is never started in this multi-application test JVM
                // (an application on DubboBootstrap.getInstance() or Spring Boot is that default one): left out, so
                // that /ready is nacos-app's probe and Dubbo's provider probe, which passes before Nacos answers.
                .withDubboProperty("dubbo.application.readiness-probe", "-deployer");
    }

    /** The HTTP status Dubbo's QoS answers for a probe path. */
    private int status(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + qosPort + path))
                .timeout(Duration.ofSeconds(5))
                .GET()
                .build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException("QoS of " + application + " at port " + qosPort + " did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
