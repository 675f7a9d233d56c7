package dev.nacosapp.dubbo.discovery.internal.configcenter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nacosapp.dubbo.discovery.internal.client.ClientPool;
import dev.nacosapp.dubbo.discovery.internal.config.NacosAppConfig;
import dev.nacosapp.dubbo.discovery.internal.config.NacosAppConfigParser;
import dev.nacosapp.dubbo.discovery.internal.metadata.ConfigOperations;
import dev.nacosapp.dubbo.discovery.internal.metadata.InMemoryConfig;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.dubbo.common.URL;
import org.apache.dubbo.common.config.configcenter.ConfigChangeType;
import org.apache.dubbo.common.config.configcenter.ConfigChangedEvent;
import org.apache.dubbo.common.config.configcenter.ConfigItem;
import org.apache.dubbo.common.config.configcenter.ConfigurationListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The config center against an in-memory Nacos config service that calls listeners as nacos-client does. */
class NacosAppDynamicConfigurationTest {
    private static final String RULE = "shop-consumer.condition-router";
    private static final String FORCE_RULE =
            "configVersion: v3.0\nscope: application\nforce: true\nkey: shop-consumer\nconditions:\n  - '=> host != 127.0.0.1'\n";

    private final InMemoryConfig nacos = new InMemoryConfig();
    private final ClientPool<ConfigOperations> pool = new ClientPool<ConfigOperations>(
            "config", config -> nacos.create(config.toClientProperties()), ConfigOperations::shutdown);
    private final NacosAppConfig config = NacosAppConfigParser.system()
            .parse(URL.valueOf("nacos-app://127.0.0.1:8848?registry-type=service&namespace=governance"));
    private final NacosAppDynamicConfiguration center = open();

    @AfterEach
    void close() {
        center.close();
        pool.closeAll();
    }

    private NacosAppDynamicConfiguration open() {
        try {
            return new NacosAppDynamicConfiguration(config, pool.acquire(config, 5000));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A Dubbo listener that keeps every event it hears. */
    private static final class Heard implements ConfigurationListener {
        final List<ConfigChangedEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void process(ConfigChangedEvent event) {
            events.add(event);
        }
    }

    @Test
    void keepsRulesWhereTheBuiltInNacosConfigCenterKeepsThem() {
        assertThat(center.publishConfig(RULE, "dubbo", FORCE_RULE)).isTrue();
        assertThat(nacos.get(RULE, "dubbo")).as("data id = key, group as given").isEqualTo(FORCE_RULE);

        assertThat(center.publishConfig("shop-consumer.configurators", null, "override"))
                .isTrue();
        assertThat(nacos.get("shop-consumer.configurators", "dubbo"))
                .as("no group is Dubbo's default group")
                .isEqualTo("override");

        nacos.put("dubbo.properties", "dubbo", "dubbo.consumer.timeout=1234");
        nacos.put("dubbo.properties", "shop-consumer", "dubbo.consumer.retries=0");
        assertThat(center.getProperties("dubbo.properties", "dubbo")).isEqualTo("dubbo.consumer.timeout=1234");
        assertThat(center.getProperties("dubbo.properties", "shop-consumer")).isEqualTo("dubbo.consumer.retries=0");
        assertThat(center.getInternalProperty("dubbo.properties")).isEqualTo("dubbo.consumer.timeout=1234");
        assertThat(center.getConfig(RULE, "")).isEqualTo(FORCE_RULE);
        assertThat(center.getConfig("absent.tag-router", "dubbo")).isNull();

        assertThat(center.removeConfig(RULE, "dubbo")).isTrue();
        assertThat(nacos.get(RULE, "dubbo")).isNull();
    }

    @Test
    void comparesAndSetsWithTheTicketOfTheItemRead() {
        ConfigItem missing = center.getConfigItem("shop.migration", "dubbo");
        assertThat(missing.getContent()).isNull();
        assertThat(center.publishConfigCas("shop.migration", "dubbo", "step: FORCE_INTERFACE", missing.getTicket()))
                .isTrue();

        ConfigItem current = center.getConfigItem("shop.migration", "dubbo");
        nacos.put("shop.migration", "dubbo", "step: APPLICATION_FIRST");
        assertThat(center.publishConfigCas("shop.migration", "dubbo", "step: FORCE_APPLICATION", current.getTicket()))
                .as("someone else wrote in between")
                .isFalse();
        assertThat(nacos.get("shop.migration", "dubbo")).isEqualTo("step: APPLICATION_FIRST");
        assertThatThrownBy(() -> center.publishConfigCas("shop.migration", "dubbo", "x", 42))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("shop.migration");
    }

    @Test
    void tellsListenersOfARuleAddedModifiedAndDeleted() throws Exception {
        Heard heard = new Heard();
        center.addListener(RULE, "dubbo", heard);

        nacos.put(RULE, "dubbo", FORCE_RULE);
        nacos.awaitNotified();
        nacos.put(RULE, "dubbo", FORCE_RULE.replace("force: true", "force: false"));
        nacos.awaitNotified();
        nacos.put(RULE, "dubbo", null);
        nacos.awaitNotified();

        assertThat(heard.events)
                .extracting(ConfigChangedEvent::getChangeType)
                .containsExactly(ConfigChangeType.ADDED, ConfigChangeType.MODIFIED, ConfigChangeType.DELETED);
        assertThat(heard.events).allSatisfy(event -> {
            assertThat(event.getKey()).isEqualTo(RULE);
            assertThat(event.getGroup()).isEqualTo("dubbo");
        });
        assertThat(heard.events.get(0).getContent()).isEqualTo(FORCE_RULE);
        assertThat(heard.events.get(2).getContent()).isNull();
    }

    @Test
    void aFailingListenerKeepsTheRuleFromNoOtherListener() throws Exception {
        Heard heard = new Heard();
        center.addListener(RULE, "dubbo", event -> {
            throw new IllegalStateException("a router that cannot parse the rule");
        });
        center.addListener(RULE, "dubbo", heard);

        nacos.put(RULE, "dubbo", FORCE_RULE);
        nacos.awaitNotified();
        nacos.put(RULE, "dubbo", null);
        nacos.awaitNotified();

        assertThat(heard.events)
                .extracting(ConfigChangedEvent::getChangeType)
                .containsExactly(ConfigChangeType.ADDED, ConfigChangeType.DELETED);
    }

    @Test
    void aRuleThatExistsAlreadyReachesANewListenerAsAdded() throws Exception {
        nacos.put(RULE, "dubbo", FORCE_RULE);
        Heard heard = new Heard();

        center.addListener(RULE, "dubbo", heard);
        nacos.awaitNotified();

        assertThat(heard.events).singleElement().satisfies(event -> {
            assertThat(event.getChangeType()).isEqualTo(ConfigChangeType.ADDED);
            assertThat(event.getContent()).isEqualTo(FORCE_RULE);
        });
    }

    @Test
    void oneNacosListenerPerRuleServesEveryDubboListenerUntilTheLastLeaves() throws Exception {
        Heard router = new Heard();
        Heard other = new Heard();
        center.addListener(RULE, "dubbo", router);
        center.addListener(RULE, null, other);
        center.addListener(RULE, "another-group", new Heard());
        assertThat(nacos.listenerCount(RULE, "dubbo")).isEqualTo(1);
        assertThat(nacos.listenerCount(RULE, "another-group")).isEqualTo(1);

        center.removeListener(RULE, "dubbo", router);
        nacos.put(RULE, "dubbo", FORCE_RULE);
        nacos.awaitNotified();
        assertThat(router.events).as("removed").isEmpty();
        assertThat(other.events).hasSize(1);
        assertThat(nacos.listenerCount(RULE, "dubbo")).isEqualTo(1);

        center.removeListener(RULE, "dubbo", other);
        assertThat(nacos.listenerCount(RULE, "dubbo")).isZero();
    }

    @Test
    void closingRemovesTheListenersAndGivesTheSharedClientBackOnce() throws Exception {
        NacosAppDynamicConfiguration another = open();
        center.addListener(RULE, "dubbo", new Heard());
        assertThat(pool.size()).isEqualTo(1);
        assertThat(nacos.clientsCreated()).as("shared").isEqualTo(1);

        center.close();
        center.close();

        assertThat(nacos.listenerCount(RULE, "dubbo")).isZero();
        assertThat(pool.size()).as("the other holder keeps the client").isEqualTo(1);
        assertThat(another.getConfig(RULE, "dubbo")).isNull();
        assertThat(center.getConfig(RULE, "dubbo")).as("closed").isNull();

        another.close();
        assertThat(pool.size()).isZero();
    }
}
