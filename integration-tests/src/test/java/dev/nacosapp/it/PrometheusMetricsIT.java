package dev.nacosapp.it;

import static dev.nacosapp.it.support.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nacosapp.it.app.ProviderSpec;
import dev.nacosapp.it.app.WatchingConsumerMain;
import dev.nacosapp.it.readme.DocumentedAlert;
import dev.nacosapp.it.readme.ReadmeSnippets;
import dev.nacosapp.it.support.FreePorts;
import dev.nacosapp.it.support.Logs;
import dev.nacosapp.it.support.Names;
import dev.nacosapp.it.support.Prometheus;
import dev.nacosapp.it.support.ProviderProcess;
import dev.nacosapp.it.support.Registry;
import dev.nacosapp.it.support.TestJvms;
import dev.nacosapp.testkit.embedded.EmbeddedNacosServer;
import dev.nacosapp.testkit.junit.WithNacos;
import dev.nacosapp.testkit.process.ChildJvm;
import dev.nacosapp.testkit.server.NacosTarget;
import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A consumer JVM with Dubbo's Prometheus metrics (Micrometer's Prometheus registry on its class path, as
 * {@code dubbo-metrics-prometheus} brings it) and {@code dubbo.metrics.enable-registry=true} serves nacos-app's
 * figures at its QoS port's {@code /metrics}: they follow the pushes as a provider registers and as an empty push is
 * dropped by empty-push protection. The scrape of the last step is kept in the test's log directory.
 *
 * <p>What {@code docs/operations.md} tells users is what runs here: the consumer's metrics settings are that page's
 * {@code prometheus.properties} snippet, the scrape holds every metric of its table, and its alert rule names metrics
 * and labels that the scrape has.
 */
@WithNacos
class PrometheusMetricsIT {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private static final Path OPERATIONS =
            Path.of(System.getProperty("it.projectRoot", "..")).resolve("docs/operations.md");

    private static final Pattern METRIC_NAME = Pattern.compile("dubbo_registry_nacosapp_\\w+");

    private final String namespace = Names.unique("it-metrics");

    private final String application = Names.unique("metered-provider");

    private final int qosPort = FreePorts.next();

    private ChildJvm consumer;

    private ProviderProcess provider;

    private Prometheus prometheus;

    @AfterEach
    void stopAll() {
        if (prometheus != null) {
            prometheus.close();
        }
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
        Registry registry = startConsumer(nacos);

        followPushesAndAnEmptyPush(server, registry, (name, watched) -> value(scrape(), name, watched));

        String last = scrape();
        assertThat(last).contains("dubbo_registry_nacosapp_registration_accepted{");
        assertDocumentedMetricsAndAlertMatch(last);
        Files.writeString(
                Logs.dirFor(getClass()).resolve("nacosapp-metrics.txt"),
                String.join(
                                "\n",
                                last.lines()
                                        .filter(line -> line.contains("dubbo_registry_nacosapp_"))
                                        .toList())
                        + "\n");
    }

    /**
     * The same figures through a real Prometheus server that scrapes the consumer every second with the documented
     * alert rule loaded; the rule's expression, evaluated by that server, finds the consumer's series.
     */
    @Test
    void aPrometheusServerScrapingTheConsumerSeesTheSameFiguresMove(NacosTarget nacos) throws IOException {
        Prometheus.requireBinary("prometheus");
        EmbeddedNacosServer server = nacos.requireEmbedded("An empty push for a live application");
        Registry registry = startConsumer(nacos);
        Path dir = Logs.dirFor(getClass()).resolve("prometheus-" + application);
        Files.createDirectories(dir);
        Path rules = Files.writeString(dir.resolve("nacos-app-rules.yml"), DocumentedAlert.rules());
        prometheus = Prometheus.scraping(dir, qosPort, rules);

        followPushesAndAnEmptyPush(
                server,
                registry,
                (name, watched) ->
                        prometheus.value(name + "{watched_application=\"" + (watched == null ? "" : watched) + "\"}"));

        eventually().alias("the alert's expression finds the scraped series").until(() -> prometheus
                .value(DocumentedAlert.expression().replace("> 300", "> 0"))
                .isPresent());
    }

    /**
     * The alert rule of the operations documentation, run by {@code promtool test rules} over synthetic series: it
     * fires for a watched application whose list protection has held for more than 5 minutes, once per consumer and
     * watched application, with the documented labels and text, and not for one that protection does not hold.
     */
    @Test
    void theDocumentedAlertFiresOnceProtectionHasHeldAnOldListForFiveMinutes() throws IOException {
        Prometheus.requireBinary("promtool");
        Path dir = Logs.dirFor(getClass()).resolve("alert-rule-test");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("nacos-app-rules.yml"), DocumentedAlert.rules());
        Path test = Files.writeString(dir.resolve("nacos-app-rules-test.yml"), DocumentedAlert.promtoolTest());

        Prometheus.ToolRun run = Prometheus.testRules(test);

        assertThat(run.exitCode()).as("promtool test rules:%n%s", run.output()).isZero();
        assertThat(run.output()).contains("SUCCESS");
    }

    /** Registers a provider, then drops an empty push, checking each step in the figures the source reads. */
    private void followPushesAndAnEmptyPush(EmbeddedNacosServer server, Registry registry, Figures figures) {
        eventually()
                .until(() ->
                        figures.value("dubbo_registry_nacosapp_connected", null).orElse(0) == 1);
        double pushesBefore = figures.value("dubbo_registry_nacosapp_pushes_received_total", application)
                .orElse(0);

        long acknowledged = server.naming().pushStats().acknowledged();
        provider = ProviderProcess.start(
                getClass(),
                ProviderSpec.of(application, "metered-1", registry.address()).withProtocol("dubbo", FreePorts.next()));
        eventually().untilAsserted(() -> {
            assertThat(figures.value("dubbo_registry_nacosapp_instances", application))
                    .hasValue(1);
            assertThat(figures.value("dubbo_registry_nacosapp_pushes_received_total", application)
                            .orElse(0))
                    .isGreaterThan(pushesBefore);
            assertThat(figures.value("dubbo_registry_nacosapp_pushes_dropped_total", application))
                    .hasValue(0);
            assertThat(figures.value("dubbo_registry_nacosapp_protection_holding", application))
                    .hasValue(0);
        });
        // The fault comes after the push that brought the provider, on a consumer at rest; injected before, the
        // regular push would follow and undo it at once.
        eventually().until(() -> server.naming().pushStats().acknowledged() > acknowledged);
        double pushesBeforeEmpty = figures.value("dubbo_registry_nacosapp_pushes_received_total", application)
                .orElseThrow();

        server.faults().pushEmpty(namespace, "", application);

        eventually().untilAsserted(() -> {
            assertThat(figures.value("dubbo_registry_nacosapp_pushes_dropped_total", application))
                    .hasValue(1);
            assertThat(figures.value("dubbo_registry_nacosapp_pushes_received_total", application)
                            .orElse(0))
                    .isGreaterThan(pushesBeforeEmpty);
            assertThat(figures.value("dubbo_registry_nacosapp_protection_holding", application))
                    .hasValue(1);
            assertThat(figures.value("dubbo_registry_nacosapp_instances", application))
                    .as("the last good list is kept")
                    .hasValue(1);
        });
        eventually()
                .until(() -> figures.value("dubbo_registry_nacosapp_protection_holding_seconds", application)
                                .orElse(0)
                        > 0);
    }

    private Registry startConsumer(NacosTarget nacos) throws IOException {
        // Protection keeps holding after the injected empty push: with its timeout on, the consumer asks Nacos every
        // few seconds, finds the provider and lets go, sooner than a scraper a second behind reliably sees it.
        Registry registry = Registry.of(nacos).namespace(namespace).with("empty-push-protection-timeout", "off");
        consumer = startConsumer(registry);
        eventually().until(() -> consumer.output().contains(WatchingConsumerMain.STARTED) || !consumer.isAlive());
        assertThat(consumer.isAlive())
                .as("consumer JVM, log %s", consumer.log())
                .isTrue();
        return registry;
    }

    /** Where the test reads nacos-app's figures: one series, of a watched application or (null) of the registry. */
    @FunctionalInterface
    private interface Figures {
        OptionalDouble value(String name, String watched);
    }

    /**
     * Every metric of the operations page's table is in the scrape, and so is every metric its alert rule names, with
     * the labels the rule groups by and prints on the series of a watched application.
     */
    private void assertDocumentedMetricsAndAlertMatch(String scrape) throws IOException {
        Set<String> tabled = new TreeSet<>();
        Matcher row = Pattern.compile("^\\| `(dubbo_registry_nacosapp_\\w+)` \\|", Pattern.MULTILINE)
                .matcher(Files.readString(OPERATIONS, StandardCharsets.UTF_8));
        while (row.find()) {
            tabled.add(row.group(1));
        }
        assertThat(tabled).as("metrics in the table of %s", OPERATIONS).hasSizeGreaterThan(10);
        assertThat(tabled).allSatisfy(metric -> assertThat(scrape)
                .as("the scrape has the documented metric %s", metric)
                .containsPattern("(?m)^" + Pattern.quote(metric) + "\\{"));

        String rule = ReadmeSnippets.read(OPERATIONS, "operations").get("alert-rules.yml");
        Matcher named = METRIC_NAME.matcher(rule);
        Set<String> inRule = new TreeSet<>();
        while (named.find()) {
            inRule.add(named.group());
        }
        assertThat(inRule).as("metrics the alert rule names").isNotEmpty().isSubsetOf(tabled);
        Matcher expr = Pattern.compile("expr: max by \\(([^)]*)\\) \\((\\w+)\\) > \\d+")
                .matcher(rule);
        assertThat(expr.find()).as("the alert rule's expression in %s", rule).isTrue();
        Set<String> labels = new TreeSet<>(List.of(expr.group(1).split(",\\s*")));
        Matcher printed = Pattern.compile("\\$labels\\.(\\w+)").matcher(rule);
        while (printed.find()) {
            labels.add(printed.group(1));
        }
        Matcher series = Pattern.compile("(?m)^" + Pattern.quote(expr.group(2)) + "\\{([^}]*)}")
                .matcher(scrape);
        String watchedSeries = null;
        while (series.find()) {
            if (series.group(1).contains("watched_application=\"" + application + "\"")) {
                watchedSeries = series.group(1);
            }
        }
        assertThat(watchedSeries)
                .as("series of %s for %s", expr.group(2), application)
                .isNotNull();
        for (String label : labels) {
            assertThat(watchedSeries).as("labels the alert rule uses").contains(label + "=\"");
        }
    }

    private ChildJvm startConsumer(Registry registry) throws IOException {
        Path prometheus = Path.of(System.getProperty("it.prometheus.classPathFile"));
        String classPath = System.getProperty("java.class.path")
                + File.pathSeparator
                + Files.readString(prometheus, StandardCharsets.UTF_8).trim();
        Map<String, String> dubbo = new LinkedHashMap<>();
        dubbo.put("dubbo.application.qos-enable", "true");
        dubbo.put("dubbo.application.qos-host", "127.0.0.1");
        dubbo.put("dubbo.application.qos-port", Integer.toString(qosPort));
        dubbo.put("dubbo.application.qos-accept-foreign-ip", "false");
        Properties documented = new Properties();
        documented.load(
                new StringReader(ReadmeSnippets.read(OPERATIONS, "operations").get("prometheus.properties")));
        assertThat(documented.stringPropertyNames())
                .as("the metrics settings of %s", OPERATIONS)
                .isNotEmpty()
                .allMatch(key -> key.startsWith("dubbo.metrics."));
        documented.stringPropertyNames().forEach(key -> dubbo.put(key, documented.getProperty(key)));
        return TestJvms.builder("metrics-consumer", WatchingConsumerMain.class.getName())
                .classPath(classPath)
                .log(Logs.dirFor(getClass()).resolve(application + "-consumer.log"))
                .systemProperties(dubbo)
                .args(List.of(registry.address(), application))
                .start();
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
