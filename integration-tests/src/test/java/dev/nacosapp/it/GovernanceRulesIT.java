package dev.nacosapp.it;

import static dev.nacosapp.it.support.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.alibaba.nacos.api.NacosFactory;
import com.alibaba.nacos.api.config.ConfigService;
import com.alibaba.nacos.api.exception.NacosException;
import dev.nacosapp.it.app.GovernedConsumerMain;
import dev.nacosapp.it.app.ProviderSpec;
import dev.nacosapp.it.support.ChildJvm;
import dev.nacosapp.it.support.Consumer;
import dev.nacosapp.it.support.FreePorts;
import dev.nacosapp.it.support.Logs;
import dev.nacosapp.it.support.Names;
import dev.nacosapp.it.support.ProviderProcess;
import dev.nacosapp.it.support.Registry;
import dev.nacosapp.it.support.Started;
import dev.nacosapp.testkit.NacosTarget;
import dev.nacosapp.testkit.junit.WithNacos;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Governance rules kept in Nacos config, as Dubbo Admin writes them, apply to a {@code nacos-app} consumer as they do to
 * a consumer of Dubbo's built-in {@code nacos://} registry: both registries are the application's config center, in
 * the same layout. One consumer application runs twice, once on each registry, so one rule governs both.
 */
@WithNacos
class GovernanceRulesIT {

    private final String namespace = Names.unique("it-governance");

    private final Started started = new Started();

    @AfterEach
    void stopAll() throws Exception {
        started.close();
    }

    @Test
    void aForcedConditionRuleStopsBothConsumersAndItsRemovalLetsThemCallAgain(NacosTarget nacos) throws Exception {
        Registry registry = Registry.of(nacos).namespace(namespace);
        String provider = Names.unique("governed-provider");
        String consumerApp = Names.unique("governed-consumer");
        int providerPort = FreePorts.next();
        ProviderProcess providerJvm = started.add(ProviderProcess.launch(
                        getClass(),
                        ProviderSpec.of(provider, "governed-1", registry.address())
                                .withProtocol("dubbo", providerPort))
                .awaitReady());
        assertThat(providerJvm.output())
                .as("Dubbo finds its config center in the nacos-app registry and does not warn that it has none")
                .contains("use registry as config-center")
                .doesNotContain("config center is not configured")
                .doesNotContain("dynamicConfiguration is null");
        Consumer nacosApp = started.add(Consumer.of(registry, provider)
                .application(consumerApp)
                .retries(0)
                .start());
        // Dubbo's own client replaces a registered 127.x host by the machine's network card before it connects: with
        // every card ignored the built-in consumer stays on loopback (see MixedFleetIT).
        ChildJvm builtIn = started.add(ChildJvm.start(
                "built-in consumer",
                Logs.dirFor(getClass()).resolve(consumerApp + "-builtin-consumer.log"),
                Map.of("dubbo.network.interface.ignored", cards()),
                Map.of(),
                GovernedConsumerMain.class.getName(),
                List.of(registry.builtInAddress(), provider, consumerApp)));
        eventually().ignoreExceptions().until(nacosApp::whoAmI, "governed-1"::equals);
        eventually().until(() -> lastState(builtIn).equals("answering governed-1"));

        ConfigService config = configService(nacos);
        String ruleKey = consumerApp + ".condition-router";
        assertThat(config.publishConfig(ruleKey, "dubbo", forceNoProvider(consumerApp, providerPort)))
                .isTrue();

        eventually().untilAsserted(() -> assertThatThrownBy(nacosApp::whoAmI)
                .as("the nacos-app consumer obeys the rule")
                .hasMessageContaining("No provider available"));
        eventually()
                .alias("the built-in consumer obeys the rule; log " + builtIn.log())
                .until(() -> lastState(builtIn).startsWith("failing"));
        assertThat(lastState(builtIn)).contains("No provider available");

        assertThat(config.removeConfig(ruleKey, "dubbo")).isTrue();

        eventually().ignoreExceptions().until(nacosApp::whoAmI, "governed-1"::equals);
        assertThat(nacosApp.calls(20).failures()).isEmpty();
        eventually()
                .alias("the built-in consumer calls again; log " + builtIn.log())
                .until(() -> lastState(builtIn).equals("answering governed-1"));
    }

    @Test
    void aConsumerWhoseRegistryIsNoConfigCenterIgnoresTheRules(NacosTarget nacos) throws Exception {
        Registry registry = Registry.of(nacos).namespace(namespace);
        String provider = Names.unique("governed-provider");
        String consumerApp = Names.unique("governed-consumer");
        int providerPort = FreePorts.next();
        started.add(ProviderProcess.launch(
                        getClass(),
                        ProviderSpec.of(provider, "governed-1", registry.address())
                                .withProtocol("dubbo", providerPort))
                .awaitReady());
        Consumer governed = started.add(Consumer.of(registry, provider)
                .application(consumerApp)
                .retries(0)
                .start());
        Consumer optedOut = started.add(Consumer.of(registry, provider)
                .application(consumerApp)
                .retries(0)
                .withoutConfigCenter()
                .start());
        eventually().ignoreExceptions().until(governed::whoAmI, "governed-1"::equals);
        eventually().ignoreExceptions().until(optedOut::whoAmI, "governed-1"::equals);

        ConfigService config = configService(nacos);
        assertThat(config.publishConfig(
                        consumerApp + ".condition-router", "dubbo", forceNoProvider(consumerApp, providerPort)))
                .isTrue();
        eventually().untilAsserted(() -> assertThatThrownBy(governed::whoAmI)
                .hasMessageContaining("No provider available"));

        assertThat(optedOut.calls(20).failures())
                .as("use-as-config-center=false: the rule that stops the other consumer does not reach this one")
                .isEmpty();
    }

    /**
     * Dubbo 3 condition rule for the consumer application: only providers on another port than the provider's, forced
     * even when none is left. Not a rule on {@code host}: a nacos-app consumer sees a provider registered as 127.0.0.1
     * as {@code ::ffff:127.0.0.1} (so that Dubbo's client does not swap it for a network card), which
     * {@code host != 127.0.0.1} would not match.
     */
    private static String forceNoProvider(String consumerApp, int providerPort) {
        return "configVersion: v3.0\n"
                + "scope: application\n"
                + "key: " + consumerApp + "\n"
                + "enabled: true\n"
                + "force: true\n"
                + "runtime: true\n"
                + "conditions:\n"
                + "  - '=> port != " + providerPort + "'\n";
    }

    private ConfigService configService(NacosTarget nacos) throws NacosException {
        Properties properties = new Properties();
        properties.setProperty("serverAddr", nacos.serverAddr());
        properties.setProperty("namespace", namespace);
        nacos.credentials().ifPresent(c -> {
            properties.setProperty("username", c.username());
            properties.setProperty("password", c.password());
        });
        ConfigService config = NacosFactory.createConfigService(properties);
        started.add(config::shutDown);
        return config;
    }

    private static String lastState(ChildJvm consumer) {
        List<String> states = consumer.output()
                .lines()
                .filter(line -> line.startsWith(GovernedConsumerMain.STATE))
                .map(line -> line.substring(GovernedConsumerMain.STATE.length()))
                .toList();
        return states.isEmpty() ? "" : states.get(states.size() - 1);
    }

    /** Every network interface but loopback, as Dubbo's dubbo.network.interface.ignored wants them. */
    private static String cards() throws SocketException {
        return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .filter(card -> {
                    try {
                        return !card.isLoopback();
                    } catch (SocketException e) {
                        return true;
                    }
                })
                .map(NetworkInterface::getName)
                .collect(Collectors.joining(","));
    }
}
