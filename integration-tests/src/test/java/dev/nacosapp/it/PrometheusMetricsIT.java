package dev.nacosapp.it;

import static dev.nacosapp.it.support.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nacosapp.it.app.ProviderSpec;
import dev.nacosapp.it.app.WatchingConsumerMain;
import dev.nacosapp.it.support.ChildJvm;
import dev.nacosapp.it.support.FreePorts;
import dev.nacosapp.it.support.Logs;
import dev.nacosapp.it.support.Names;
import dev.nacosapp.it.support.ProviderProcess;
import dev.nacosapp.it.support.Registry;
import dev.nacosapp.testkit.EmbeddedNacosServer;
import dev.nacosapp.testkit.NacosTarget;
import dev.nacosapp.testkit.junit.WithNacos;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A consumer JVM with Dubbo's Prometheus metrics (Micrometer's Prometheus registry on its class path, as
 * {@code dubbo-metrics-prometheus} brings it) and {@code dubbo.metrics.enable-registry=true} serves nacos-app's
 * figures at its QoS port's {@code /metrics}: they follow the pushes as a provider registers and as an empty push is
 * dropped by empty-push protection. The scrape of the last step is kept in the test's log directory.
 */
@WithNacos
class PrometheusMetricsIT {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final String namespace = Names.unique("it-metrics");

    private final String application = Names.unique("metered-provider");

    private final int qosPort = FreePorts.next();

    private ChildJvm consumer;

    private ProviderProcess provider;

    @AfterEach
    void stopAll() {
        if (consumer != null) {
            consumer.close();
        }
        if (provider != null) {
            provider.close();
        }
    }

    @Test
    void nacosAppFiguresFollowPushesAndEmptyPushProtection(NacosTarget nacos) throws IOException {
        EmbeddedNacosServer server = nacos.requireEmbedded("An empty push for a live application");
        Registry registry = Registry.of(nacos).namespace(namespace);
        consumer = startConsumer(registry);
        eventually().until(() -> consumer.output().contains(WatchingConsumerMain.STARTED) || !consumer.isAlive());
        assertThat(consumer.isAlive())
                .as("consumer JVM, log %s", consumer.log())
                .isTrue();

        eventually()
                .until(() -> value(scrape(), "dubbo_registry_nacosapp_connected", null)
                                .orElse(0)
                        == 1);
        double pushesBefore = value(scrape(), "dubbo_registry_nacosapp_pushes_received_total", application)
                .orElse(0);

        long acknowledged = server.naming().pushStats().acknowledged();
        provider = ProviderProcess.start(
                getClass(),
                ProviderSpec.of(application, "metered-1", registry.address()).withProtocol("dubbo", FreePorts.next()));
        eventually().untilAsserted(() -> {
            String scrape = scrape();
            assertThat(value(scrape, "dubbo_registry_nacosapp_instances", application))
                    .hasValue(1);
            assertThat(value(scrape, "dubbo_registry_nacosapp_pushes_received_total", application)
                            .orElse(0))
                    .isGreaterThan(pushesBefore);
            assertThat(value(scrape, "dubbo_registry_nacosapp_pushes_dropped_total", application))
                    .hasValue(0);
            assertThat(value(scrape, "dubbo_registry_nacosapp_protection_holding", application))
                    .hasValue(0);
        });
        // The fault comes after the push that brought the provider, on a consumer at rest; injected before, the
        // regular push would follow and undo it at once.
        eventually().until(() -> server.naming().pushStats().acknowledged() > acknowledged);
        double pushesBeforeEmpty = value(scrape(), "dubbo_registry_nacosapp_pushes_received_total", application)
                .orElseThrow();

        server.faults().pushEmpty(namespace, "", application);

        eventually().untilAsserted(() -> {
            String scrape = scrape();
            assertThat(value(scrape, "dubbo_registry_nacosapp_pushes_dropped_total", application))
                    .hasValue(1);
            assertThat(value(scrape, "dubbo_registry_nacosapp_pushes_received_total", application)
                            .orElse(0))
                    .isGreaterThan(pushesBeforeEmpty);
            assertThat(value(scrape, "dubbo_registry_nacosapp_protection_holding", application))
                    .hasValue(1);
            assertThat(value(scrape, "dubbo_registry_nacosapp_instances", application))
                    .as("the last good list is kept")
                    .hasValue(1);
        });
        eventually()
                .until(() -> value(scrape(), "dubbo_registry_nacosapp_protection_holding_seconds", application)
                                .orElse(0)
                        > 0);
        String last = scrape();
        assertThat(last).contains("dubbo_registry_nacosapp_registration_accepted{");
        Files.writeString(
                Logs.dirFor(getClass()).resolve("nacosapp-metrics.txt"),
                String.join(
                                "\n",
                                last.lines()
                                        .filter(line -> line.contains("dubbo_registry_nacosapp_"))
                                        .toList())
                        + "\n");
    }

    private ChildJvm startConsumer(Registry registry) throws IOException {
        Path prometheus = Path.of(System.getProperty("it.prometheus.classPathFile"));
        String classPath = System.getProperty("java.class.path")
                + File.pathSeparator
                + Files.readString(prometheus, StandardCharsets.UTF_8).trim();
        return ChildJvm.start(
                "metrics-consumer",
                Logs.dirFor(getClass()).resolve(application + "-consumer.log"),
                Map.of(
                        "dubbo.application.qos-enable", "true",
                        "dubbo.application.qos-host", "127.0.0.1",
                        "dubbo.application.qos-port", Integer.toString(qosPort),
                        "dubbo.application.qos-accept-foreign-ip", "false",
                        "dubbo.metrics.protocol", "prometheus",
                        "dubbo.metrics.enable-registry", "true"),
                Map.of(),
                classPath,
                WatchingConsumerMain.class.getName(),
                List.of(registry.address(), application));
    }

    /** What the consumer's QoS answers at {@code /metrics}: Prometheus' text format. */
    private String scrape() {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + qosPort + "/metrics"))
                .timeout(Duration.ofSeconds(5))
                .GET()
                .build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException("QoS of the consumer at port " + qosPort + " did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The value of a series in a scrape: the one of {@code watched} (its {@code watched_application} label) or, when
     * null, the one without that label.
     */
    private static OptionalDouble value(String scrape, String name, String watched) {
        Pattern series = Pattern.compile("^" + Pattern.quote(name) + "\\{([^}]*)} (\\S+)$", Pattern.MULTILINE);
        Matcher matcher = series.matcher(scrape);
        while (matcher.find()) {
            boolean ofWatched = matcher.group(1).contains("watched_application=\"" + watched + "\"");
            boolean withoutWatched = !matcher.group(1).contains("watched_application=");
            if (watched == null ? withoutWatched : ofWatched) {
                return OptionalDouble.of(Double.parseDouble(matcher.group(2)));
            }
        }
        return OptionalDouble.empty();
    }
}
