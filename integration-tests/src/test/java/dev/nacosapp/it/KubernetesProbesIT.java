package dev.nacosapp.it;

import static dev.nacosapp.it.support.Waits.eventually;
import static dev.nacosapp.it.support.Waits.within;
import static org.assertj.core.api.Assertions.assertThat;

import com.alibaba.nacos.api.naming.remote.request.InstanceRequest;
import dev.nacosapp.it.app.ProviderSpec;
import dev.nacosapp.it.readme.ReadmeSnippets;
import dev.nacosapp.it.support.FreePorts;
import dev.nacosapp.it.support.Names;
import dev.nacosapp.it.support.ProviderProcess;
import dev.nacosapp.it.support.Registry;
import dev.nacosapp.testkit.embedded.EmbeddedNacosServer;
import dev.nacosapp.testkit.junit.WithNacos;
import dev.nacosapp.testkit.server.NacosTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes probes Dubbo's QoS serves over HTTP ({@code /startup}, {@code /ready}, {@code /live}) on a provider
 * JVM whose registration the server refuses for a while: not started and not ready until Nacos accepted the instance,
 * then started and ready for good, also once Nacos is gone; alive throughout. The provider starts with
 * {@code check=false}, as it would in a cluster where Nacos may be away when pods start.
 *
 * <p>The provider's QoS settings and the paths probed are those of the probe snippet of {@code docs/operations.md}: its
 * Dubbo settings, with a free port in place of 22222 and the QoS bound to loopback, and its three probes' paths.
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

    private static final Path OPERATIONS =
            Path.of(System.getProperty("it.projectRoot", "..")).resolve("docs/operations.md");

    /** A Dubbo setting in the snippet's comment: {@code #   dubbo.application.qos-port=22222}. */
    private static final Pattern DUBBO_SETTING =
            Pattern.compile("^#\\s+(dubbo\\.application\\.[\\w-]+)=(\\S+)", Pattern.MULTILINE);

    private static final Pattern PROBE_PATH = Pattern.compile("path: (/\\w+)");

    private static final String PROBES =
            ReadmeSnippets.read(OPERATIONS, "operations").get("probes.yml");

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
    void theDocumentedProbesAskDubbosQosPortForStartupReadyAndLive() {
        Map<String, String> settings = documentedSettings();
        assertThat(settings)
                .containsEntry("dubbo.application.qos-enable", "true")
                .containsKey("dubbo.application.qos-port");
        assertThat(PROBES).contains("containerPort: " + settings.get("dubbo.application.qos-port"));
        List<String> paths = new ArrayList<>();
        Matcher path = PROBE_PATH.matcher(PROBES);
        while (path.find()) {
            paths.add(path.group(1));
        }
        assertThat(paths).containsExactly("/startup", "/ready", "/live");
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
        ProviderSpec spec =
                ProviderSpec.of(application, "probed-1", registry.address()).withProtocol("dubbo", FreePorts.next());
        for (Map.Entry<String, String> setting : documentedSettings().entrySet()) {
            spec = spec.withDubboProperty(setting.getKey(), setting.getValue());
        }
        return spec.withDubboProperty("dubbo.application.qos-port", Integer.toString(qosPort))
                // In a pod the kubelet reaches the QoS on the pod IP; here the test does, on loopback.
                .withDubboProperty("dubbo.application.qos-host", "127.0.0.1")
                // Dubbo's own deployer readiness probe waits for every application of the framework, and the one
                // new FrameworkModel() creates as its default is never started in this multi-application test JVM
                // (an application on DubboBootstrap.getInstance() or Spring Boot is that default one): left out, so
                // that /ready is nacos-app's probe and Dubbo's provider probe, which passes before Nacos answers.
                .withDubboProperty("dubbo.application.readiness-probe", "-deployer");
    }

    /** The Dubbo settings the probe snippet's comment gives the container. */
    private static Map<String, String> documentedSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        Matcher setting = DUBBO_SETTING.matcher(PROBES);
        while (setting.find()) {
            settings.put(setting.group(1), setting.group(2));
        }
        return settings;
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
