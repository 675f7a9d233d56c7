package dev.nacosapp.dubbo.discovery;

import static dev.nacosapp.dubbo.discovery.internal.client.Instances.healthy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nacosapp.dubbo.discovery.internal.NacosAppResources;
import dev.nacosapp.dubbo.discovery.internal.client.InMemoryNacos;
import dev.nacosapp.dubbo.discovery.internal.config.NacosAppConfigParser;
import dev.nacosapp.dubbo.discovery.internal.watch.RecordingListener;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.apache.dubbo.common.URL;
import org.apache.dubbo.config.ApplicationConfig;
import org.apache.dubbo.qos.api.BaseCommand;
import org.apache.dubbo.rpc.model.ApplicationModel;
import org.apache.dubbo.rpc.model.FrameworkModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NacosAppStatsCommandTest {
    private final FrameworkModel framework = new FrameworkModel();
    private final InMemoryNacos nacos = new InMemoryNacos();
    private final NacosAppResources resources = new NacosAppResources(nacos);

    @AfterEach
    void destroy() {
        resources.destroy();
        framework.destroy();
    }

    @Test
    void isAQosCommandNamedNacosapp() {
        BaseCommand command = framework.getExtensionLoader(BaseCommand.class).getExtension("nacosapp");

        assertThat(command).isInstanceOf(NacosAppStatsCommand.class);
        assertThat(command.execute(null, new String[0])).isEqualTo("No nacos-app discovery in this process.");
    }

    @Test
    void showsEveryWatchedApplicationWithItsCounters() throws Exception {
        NacosAppServiceDiscovery discovery = discoveryOfWeb();
        discovery.addServiceInstancesChangedListener(new RecordingListener(Collections.singleton("orders")));
        discovery.addServiceInstancesChangedListener(new RecordingListener(Collections.singleton("users")));
        nacos.publish("DEFAULT_GROUP", "orders", List.of(healthy("10.0.0.1", 1), healthy("10.0.0.2", 2)));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> discovery.watchStats().get("orders").instanceCount() == 2);

        String report = StatsReport.render(List.of(discovery), null, System.currentTimeMillis());

        assertThat(report)
                .contains("application=web")
                .contains("Nacos servers [127.0.0.1:8848]")
                .containsPattern("orders\\s+2\\s+\\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\(\\d+s ago\\)\\s+"
                        + "(never|\\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\(\\d+s ago\\))\\s+1\\s+1\\s+0\\s+0\\s+0")
                .contains("watched without any instance now (1): users");
        assertThat(StatsReport.render(List.of(discovery), "users", System.currentTimeMillis()))
                .as("one application asked for by name, even without instances")
                .containsPattern("users\\s+0\\s+never\\s+never\\s+0\\s+0\\s+0\\s+0\\s+0")
                .doesNotContain("orders");
        discovery.destroy();
    }

    @Test
    void showsSinceWhenProtectionHoldsAndWhenItLetsGoWhileNacosAnswersThatNothingIsLeft() throws Exception {
        NacosAppServiceDiscovery discovery = discoveryOfWeb();
        discovery.addServiceInstancesChangedListener(new RecordingListener(Collections.singleton("orders")));
        nacos.publish("DEFAULT_GROUP", "orders", List.of(healthy("10.0.0.1", 1)));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> discovery.watchStats().get("orders").instanceCount() == 1);
        // The provider is gone: the server holds nothing and pushes an empty list, which protection drops.
        nacos.publish("DEFAULT_GROUP", "orders", List.of());

        // Within a second or two the discovery's own checks ask Nacos, which answers that nothing is left.
        await().atMost(Duration.ofSeconds(20))
                .until(() -> discovery.watchStats().get("orders").protectionReleaseMillis() > 0);
        String report = StatsReport.render(List.of(discovery), "orders", System.currentTimeMillis());

        assertThat(report)
                .containsPattern("orders\\s+1\\s+.*\\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\(\\d+s ago\\), empty list in \\d+s");
        discovery.destroy();
    }

    @Test
    void longApplicationNamesKeepTheColumnsAligned() throws Exception {
        NacosAppServiceDiscovery discovery = discoveryOfWeb();
        String longName = "an-application-name-well-past-thirty-two-characters";
        discovery.addServiceInstancesChangedListener(new RecordingListener(Collections.singleton(longName)));
        discovery.addServiceInstancesChangedListener(new RecordingListener(Collections.singleton("a")));
        nacos.publish("DEFAULT_GROUP", longName, List.of(healthy("10.0.0.1", 1), healthy("10.0.0.2", 2)));
        nacos.publish("DEFAULT_GROUP", "a", List.of(healthy("10.0.0.3", 1)));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> discovery.watchStats().get(longName).instanceCount() == 2
                        && discovery.watchStats().get("a").instanceCount() == 1);

        List<String> lines = StatsReport.render(List.of(discovery), null, System.currentTimeMillis())
                .lines()
                .skip(1)
                .toList();

        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).startsWith("a  ");
        assertThat(lines.get(2)).startsWith(longName + "  ");
        int instancesEnd = lines.get(0).indexOf("instances") + "instances".length();
        assertThat(lines)
                .as("the instance counts end under the header's end")
                .allSatisfy(line -> assertThat(line.charAt(instancesEnd - 1)).isNotEqualTo(' '));
        assertThat(lines.get(1).substring(0, instancesEnd)).endsWith(" 1");
        assertThat(lines.get(2).substring(0, instancesEnd)).endsWith(" 2");
        discovery.destroy();
    }

    /** A discovery of the application {@code web} on the in-memory Nacos. */
    private NacosAppServiceDiscovery discoveryOfWeb() throws Exception {
        ApplicationModel model = framework.newApplication();
        model.getApplicationConfigManager().setApplication(new ApplicationConfig("web"));
        URL url =
                URL.valueOf("nacos-app://127.0.0.1:8848?registry-type=service").setScopeModel(model);
        return new NacosAppServiceDiscovery(
                model, url, NacosAppConfigParser.system().parse(url), resources);
    }
}
