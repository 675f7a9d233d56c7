package dev.nacosapp.it;

import static dev.nacosapp.it.support.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.alibaba.nacos.api.NacosFactory;
import com.alibaba.nacos.api.config.ConfigService;
import com.alibaba.nacos.api.exception.NacosException;
import dev.nacosapp.it.app.Consumer;
import dev.nacosapp.it.app.GovernedConsumerMain;
import dev.nacosapp.it.app.ProviderSpec;
import dev.nacosapp.it.support.FreePorts;
import dev.nacosapp.it.support.Logs;
import dev.nacosapp.it.support.Names;
import dev.nacosapp.it.support.NetworkCards;
import dev.nacosapp.it.support.ProviderProcess;
import dev.nacosapp.it.support.Registry;
import dev.nacosapp.it.support.Started;
import dev.nacosapp.it.support.TestJvms;
import dev.nacosapp.testkit.junit.WithNacos;
import dev.nacosapp.testkit.process.ChildJvm;
import dev.nacosapp.testkit.server.NacosTarget;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Governance rules kept in Nacos config, as Dubbo Admin writes them (a condition router, an override, a migration
 * rule), reach a {@code nacos-app} consumer as they reach a consumer of Dubbo's built-in {@code nacos://} registry: both
 * registries are the application's config center, in the same layout. One consumer application runs twice, once on
 * each registry (each in a JVM of its own, calling every 100 ms), so one rule governs both; the provider is on
 * {@code nacos-app}.
 */
@WithNacos
class GovernanceRulesIT {

    private static final String ANSWERING = "answering governed-1";

    private final String namespace = Names.unique("it-governance");

    private final String provider = Names.unique("governed-provider");

    private final String consumerApp = Names.unique("governed-consumer");

    private final int providerPort = FreePorts.next();

    private final Started started = new Started();

    @AfterEach
    void stopAll() throws Exception {
        started.close();
    }

    @Test
    void aForcedConditionRuleStopsBothConsumersAndItsRemovalLetsThemCallAgain(NacosTarget nacos) throws Exception {
        ConfigService config = configService(nacos);
        String ruleKey = consumerApp + ".condition-router";
        ChildJvm[] consumers = stopBoth(nacos, config, ruleKey, "dubbo", forceNoProvider());

        assertThat(config.removeConfig(ruleKey, "dubbo")).isTrue();

        for (ChildJvm consumer : consumers) {
            eventually().alias(consumer + " calls again; log " + consumer.log()).until(() -> lastState(consumer)
                    .equals(ANSWERING));
        }
    }

    /**
     * An override as Dubbo Admin writes one to disable the providers of a consumer application. Removing it did not
     * bring the provider back to either consumer within a minute (Dubbo 3.3.6, built-in and {@code nacos-app} alike),
     * so the test ends with the rule applied.
     */
    @Test
    void anOverrideThatDisablesTheProvidersStopsBothConsumers(NacosTarget nacos) throws Exception {
        stopBoth(
                nacos,
                configService(nacos),
                consumerApp + ".configurators",
                "dubbo",
                "configVersion: v3.0\n"
                        + "scope: application\n"
                        + "key: " + consumerApp + "\n"
                        + "enabled: true\n"
                        + "configs:\n"
                        + "  - side: consumer\n"
                        + "    parameters:\n"
                        + "      disabled: true\n");
    }

    /**
     * A forced migration rule to the interface level, in the group Dubbo reads migration rules from. Both consumers
     * receive it. The built-in one ({@code nacos://} without {@code registry-type}, Dubbo's default: both levels) moves
     * to the interface level, where the provider on {@code nacos-app} has no data, and back when the rule is removed.
     * Dubbo keeps a consumer of an application-level-only registry (every {@code nacos-app} one, as any with
     * {@code registry-type=service}) on application-level addresses whatever the rule says (its
     * {@code MigrationRuleHandler} pins {@code FORCE_APPLICATION} for them), so the {@code nacos-app} consumer logs the
     * rule and keeps calling.
     */
    @Test
    void aMigrationRuleReachesBothConsumersAndMovesTheOneWithAnInterfaceLevel(NacosTarget nacos) throws Exception {
        ConfigService config = configService(nacos);
        Registry registry = Registry.of(nacos).namespace(namespace);
        ChildJvm[] consumers = providerAndConsumers(
                registry,
                registry.without("registry-type").without("register-host").builtInAddress());
        ChildJvm nacosApp = consumers[0];
        ChildJvm builtIn = consumers[1];
        String ruleKey = consumerApp + ".migration";

        assertThat(config.publishConfig(
                        ruleKey,
                        "DUBBO_SERVICEDISCOVERY_MIGRATION",
                        "key: " + consumerApp + "\nstep: FORCE_INTERFACE\nforce: true\n"))
                .isTrue();

        eventually()
                .alias("the built-in consumer moves to the interface level; log " + builtIn.log())
                .until(() -> lastState(builtIn).contains("No provider available"));
        eventually()
                .alias("the nacos-app consumer receives the rule; log " + nacosApp.log())
                .until(() -> nacosApp.output().contains("Using the following migration rule to migrate")
                        && nacosApp.output().contains("step: FORCE_INTERFACE"));
        eventually()
                .during(Duration.ofSeconds(2))
                .alias("the nacos-app consumer keeps calling; log " + nacosApp.log())
                .until(() -> states(nacosApp).equals(List.of(ANSWERING)));

        assertThat(config.removeConfig(ruleKey, "DUBBO_SERVICEDISCOVERY_MIGRATION"))
                .isTrue();

        eventually()
                .alias("the built-in consumer calls again; log " + builtIn.log())
                .until(() -> lastState(builtIn).equals(ANSWERING));
    }

    @Test
    void aConsumerWhoseRegistryIsNoConfigCenterIgnoresTheRules(NacosTarget nacos) throws Exception {
        Registry registry = Registry.of(nacos).namespace(namespace);
        startProvider(registry);
        Consumer governed = started.add(Consumer.of(registry.address(), provider)
                .application(consumerApp)
                .retries(0)
                .start());
        Consumer optedOut = started.add(Consumer.of(registry.address(), provider)
                .application(consumerApp)
                .retries(0)
                .withoutConfigCenter()
                .start());
        eventually().ignoreExceptions().until(governed::whoAmI, "governed-1"::equals);
        eventually().ignoreExceptions().until(optedOut::whoAmI, "governed-1"::equals);

        ConfigService config = configService(nacos);
        assertThat(config.publishConfig(consumerApp + ".condition-router", "dubbo", forceNoProvider()))
                .isTrue();
        eventually().untilAsserted(() -> assertThatThrownBy(governed::whoAmI)
                .hasMessageContaining("No provider available"));

        assertThat(optedOut.calls(20).failures())
                .as("use-as-config-center=false: the rule that stops the other consumer does not reach this one")
                .isEmpty();
    }

    /**
     * Starts the provider and both consumers, publishes the rule and expects both consumers without a provider.
     *
     * @return the nacos-app consumer, then the built-in one
     */
    private ChildJvm[] stopBoth(NacosTarget nacos, ConfigService config, String ruleKey, String group, String rule)
            throws IOException, NacosException {
        Registry registry = Registry.of(nacos).namespace(namespace);
        ChildJvm[] consumers = providerAndConsumers(registry, registry.builtInAddress());

        assertThat(config.publishConfig(ruleKey, group, rule)).isTrue();

        for (ChildJvm consumer : consumers) {
            eventually()
                    .alias(consumer + " obeys the rule; log " + consumer.log())
                    .until(() -> lastState(consumer).contains("No provider available"));
        }
        return consumers;
    }

    /**
     * Starts the provider on {@code nacos-app}, then the consumer application on {@code nacos-app} and on the built-in
     * registry, and waits until both call it.
     *
     * @param builtInAddress the built-in consumer's registry address
     * @return the nacos-app consumer, then the built-in one
     */
    private ChildJvm[] providerAndConsumers(Registry registry, String builtInAddress) throws IOException {
        ProviderProcess providerJvm = startProvider(registry);
        assertThat(providerJvm.output())
                .as("Dubbo finds its config center in the nacos-app registry and does not warn that it has none")
                .contains("use registry as config-center")
                .doesNotContain("config center is not configured")
                .doesNotContain("dynamicConfiguration is null");
        ChildJvm nacosApp = consumer("nacos-app", registry.address());
        ChildJvm builtIn = consumer("built-in", builtInAddress);
        for (ChildJvm consumer : List.of(nacosApp, builtIn)) {
            eventually()
                    .alias(consumer + " calls the provider; log " + consumer.log())
                    .until(() -> lastState(consumer).equals(ANSWERING));
        }
        return new ChildJvm[] {nacosApp, builtIn};
    }

    private ProviderProcess startProvider(Registry registry) {
        return started.add(ProviderProcess.launch(
                        getClass(),
                        ProviderSpec.of(provider, "governed-1", registry.address())
                                .withProtocol("dubbo", providerPort))
                .awaitReady());
    }

    /**
     * A consumer JVM of the consumer application. Dubbo's own client replaces a registered 127.x host by the
     * machine's network card before it connects: with every card ignored, the built-in consumer stays on loopback (see
     * MixedFleetIT).
     */
    private ChildJvm consumer(String kind, String address) throws IOException {
        return started.add(TestJvms.builder(kind + " consumer", GovernedConsumerMain.class.getName())
                .log(Logs.dirFor(getClass()).resolve(consumerApp + "-" + kind + "-consumer.log"))
                .systemProperty("dubbo.network.interface.ignored", NetworkCards.allButLoopback())
                // What Dubbo says when it applies a migration rule.
                .systemProperty("org.slf4j.simpleLogger.log.org.apache.dubbo.registry.client.migration", "info")
                .args(List.of(address, provider, consumerApp))
                .start());
    }

    /**
     * Dubbo 3 condition rule for the consumer application: only providers on another port than the provider's, forced
     * even when none is left. Not a rule on {@code host}: a nacos-app consumer sees a provider registered as 127.0.0.1
     * as {@code ::ffff:127.0.0.1} (so that Dubbo's client does not swap it for a network card), which
     * {@code host != 127.0.0.1} would not match.
     */
    private String forceNoProvider() {
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

    private static List<String> states(ChildJvm consumer) {
        return consumer.output()
                .lines()
                .filter(line -> line.startsWith(GovernedConsumerMain.STATE))
                .map(line -> line.substring(GovernedConsumerMain.STATE.length()))
                .toList();
    }

    private static String lastState(ChildJvm consumer) {
        List<String> states = states(consumer);
        return states.isEmpty() ? "" : states.get(states.size() - 1);
    }
}
