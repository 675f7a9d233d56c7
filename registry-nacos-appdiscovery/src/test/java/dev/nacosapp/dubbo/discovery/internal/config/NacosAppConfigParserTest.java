package dev.nacosapp.dubbo.discovery.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nacosapp.dubbo.discovery.config.ConfigKey;
import dev.nacosapp.dubbo.discovery.config.InvalidConfigException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import org.apache.dubbo.common.URL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NacosAppConfigParserTest {

    /** A machine with one interface, eth9, holding 10.1.2.3, and an empty interface, dummy0. */
    private static final NetworkLookup FAKE_NETWORK = new NetworkLookup() {
        @Override
        public InetAddress resolve(String host) throws UnknownHostException {
            if (host.equals("nacos-provider.internal") || Character.isDigit(host.charAt(0)) || host.contains(":")) {
                return InetAddress.getByAddress(host, new byte[] {10, 9, 8, 7});
            }
            throw new UnknownHostException(host);
        }

        @Override
        public List<InetAddress> interfaceAddresses(String name) {
            if (name.equals("eth9")) {
                try {
                    return Collections.singletonList(InetAddress.getByAddress(new byte[] {10, 1, 2, 3}));
                } catch (UnknownHostException e) {
                    throw new IllegalStateException(e);
                }
            }
            return name.equals("dummy0") ? Collections.<InetAddress>emptyList() : null;
        }
    };

    private final NacosAppConfigParser parser = new NacosAppConfigParser(FAKE_NETWORK);

    private NacosAppConfig parse(String url) {
        return parser.parse(URL.valueOf(url));
    }

    @Test
    void anEmptyRegistryUrlYieldsExactlyTheDocumentedDefaults() {
        NacosAppConfig config = parse("nacos-app://127.0.0.1:8848");

        assertThat(config.namespace()).isEqualTo(ConfigKey.NAMESPACE.defaultString());
        assertThat(config.group()).isEqualTo(ConfigKey.GROUP.defaultString());
        assertThat(config.clusterName()).isEqualTo(ConfigKey.CLUSTER_NAME.defaultString());
        assertThat(config.instanceWeight()).isEqualTo(ConfigKey.INSTANCE_WEIGHT.defaultDouble());
        assertThat(config.ephemeral()).isEqualTo(ConfigKey.EPHEMERAL.defaultBoolean());
        assertThat(config.emptyPushProtection()).isEqualTo(ConfigKey.EMPTY_PUSH_PROTECTION.defaultBoolean());
        assertThat(config.emptyPushProtectionTimeoutMillis())
                .isEqualTo(ConfigKey.EMPTY_PUSH_PROTECTION_TIMEOUT.defaultMillis());
        assertThat(config.reconcileIntervalMillis()).isEqualTo(ConfigKey.RECONCILE_INTERVAL.defaultMillis());
        assertThat(config.check()).isEqualTo(ConfigKey.CHECK.defaultBoolean());
        assertThat(config.startupTimeoutMillis()).isEqualTo(ConfigKey.STARTUP_TIMEOUT.defaultMillis());
        assertThat(config.retryMaxDelayMillis()).isEqualTo(ConfigKey.RETRY_MAX_DELAY.defaultMillis());
        assertThat(config.loadCacheAtStart()).isEqualTo(ConfigKey.LOAD_CACHE_AT_START.defaultBoolean());
        assertThat(config.metadataLimit()).isEqualTo(ConfigKey.METADATA_LIMIT.defaultInt());
        assertThat(config.cacheDir()).isEqualTo(ConfigKey.CACHE_DIR.defaultString());
        assertThat(config.registerHost()).isEqualTo(ConfigKey.REGISTER_HOST.defaultString());
    }

    @Test
    void everyDocumentedDefaultIsTheTypedDefaultTheParserUses() {
        for (ConfigKey key : ConfigKey.values()) {
            String documented = key.defaultValue();
            switch (key) {
                case EPHEMERAL, EMPTY_PUSH_PROTECTION, CHECK, LOAD_CACHE_AT_START ->
                    assertThat(documented).isEqualTo(Boolean.toString(key.defaultBoolean()));
                case STARTUP_TIMEOUT, RETRY_MAX_DELAY, EMPTY_PUSH_PROTECTION_TIMEOUT, RECONCILE_INTERVAL ->
                    assertThat(Durations.parseMillis(key, documented)).isEqualTo(key.defaultMillis());
                case METADATA_LIMIT -> assertThat(Integer.parseInt(documented)).isEqualTo(key.defaultInt());
                case INSTANCE_WEIGHT ->
                    assertThat(Double.parseDouble(documented)).isEqualTo(key.defaultDouble());
                case GROUP, CLUSTER_NAME -> assertThat(documented).isEqualTo(key.defaultString());
                case NAMESPACE -> assertThat(key.defaultString()).as("(public)").isEmpty();
                default ->
                    assertThat(key.defaultString())
                            .as(key.key() + " has no value by default: " + documented)
                            .isNull();
            }
        }
    }

    @Test
    void defaultsMatchNacosAndDubboDefaults() {
        NacosAppConfig config = parse("nacos-app://127.0.0.1:8848?registry-type=service");

        assertThat(config.serverAddr()).isEqualTo("127.0.0.1:8848");
        assertThat(config.namespace()).isEmpty();
        assertThat(config.group()).isEqualTo("DEFAULT_GROUP");
        assertThat(config.clusterName()).isEqualTo("DEFAULT");
        assertThat(config.subscribeClusters()).isEmpty();
        assertThat(config.selector().isAny()).isTrue();
        assertThat(config.instanceWeight()).isEqualTo(1.0);
        assertThat(config.ephemeral()).isTrue();
        assertThat(config.emptyPushProtection()).isTrue();
        assertThat(config.check()).isTrue();
        assertThat(config.startupTimeoutMillis()).isEqualTo(10000);
        assertThat(config.retryMaxDelayMillis()).isEqualTo(30000);
        assertThat(config.metadataLimit()).isEqualTo(1024);
        assertThat(config.registerHost()).isNull();
        assertThat(config.registerPort()).isNull();
        assertThat(config.cacheDir()).isNull();
        assertThat(config.loadCacheAtStart()).isTrue();
        assertThat(config.warnings()).isEmpty();
        assertThat(config.toClientProperties())
                .containsOnlyKeys("serverAddr", "namingLoadCacheAtStart")
                .containsEntry("namingLoadCacheAtStart", "true");
    }

    @Test
    void theCacheKeysBecomeNacosClientsCacheSettings() {
        NacosAppConfig config =
                parse("nacos-app://127.0.0.1:8848?cache-dir=/var/cache/orders&load-cache-at-start=false");

        assertThat(config.toClientProperties())
                .containsEntry("JM.SNAPSHOT.PATH", "/var/cache/orders")
                .containsEntry("namingLoadCacheAtStart", "false");
    }

    @Test
    void bareNacosClientPropertiesAreAcceptedAsTheBuiltInAcceptsThem() {
        NacosAppConfig config =
                parse("nacos-app://127.0.0.1:8848?namingLoadCacheAtStart=false&redoDelayTime=1000&namespace=dev");

        assertThat(config.loadCacheAtStart()).isFalse();
        assertThat(config.toClientProperties())
                .containsEntry("redoDelayTime", "1000")
                .containsEntry("namingLoadCacheAtStart", "false")
                .containsEntry("namespace", "dev");
        assertThat(config.warnings()).isEmpty();
    }

    @Test
    void aCacheSwitchGivenTwiceWithDifferentValuesIsRefused() {
        assertThatThrownBy(() -> parse("nacos-app://127.0.0.1:8848?load-cache-at-start=true"
                        + "&nacos-client.namingLoadCacheAtStart=false"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("load-cache-at-start='true'")
                .hasMessageContaining("nacos-client.namingLoadCacheAtStart='false'")
                .hasMessageContaining("keep only load-cache-at-start");
    }

    @Test
    void aMisspeltKeyIsReportedWithTheClosestKnownOne() {
        NacosAppConfig config = parse("nacos-app://127.0.0.1:8848?instance-wieght=2&subscribeClusters=a"
                + "&application=web&dubbo=2.0.2&pid=1&timestamp=1&interface=org.apache.dubbo.registry.RegistryService"
                + "&registry-type=service&release=3.3.6&timeout=3000");

        assertThat(config.instanceWeight()).as("the misspelt key is ignored").isEqualTo(1.0);
        assertThat(config.warnings())
                .containsExactly(
                        "nacos-app: registry parameter 'instance-wieght' is not a nacos-app key and is ignored;"
                                + " did you mean 'instance-weight'?",
                        "nacos-app: registry parameter 'subscribeClusters' is not a nacos-app key and is ignored;"
                                + " did you mean 'subscribe-clusters'?");
    }

    @Test
    void readsEveryKey() {
        NacosAppConfig config = parse("nacos-app://127.0.0.1:8848?registry-type=service&namespace=dev&group=G1"
                + "&cluster-name=hz-a&subscribe-clusters=hz-a,hz-b&selector=env:prod,zone:hz&instance-weight=2.5"
                + "&ephemeral=false&empty-push-protection=false&empty-push-protection-timeout=45s"
                + "&reconcile-interval=OFF&check=false&startup-timeout=2s"
                + "&retry-max-delay=1m&metadata-limit=4096&register-host=127.0.0.1&register-port=30080"
                + "&accessKey=ak&secretKey=sk&nacos-client.redoDelayTime=1000"
                + "&nacos.remote.client.rpc.tls.enable=true");

        assertThat(config.namespace()).isEqualTo("dev");
        assertThat(config.group()).isEqualTo("G1");
        assertThat(config.clusterName()).isEqualTo("hz-a");
        assertThat(config.subscribeClusters()).containsExactly("hz-a", "hz-b");
        assertThat(config.selector().required()).containsEntry("env", "prod").containsEntry("zone", "hz");
        assertThat(config.instanceWeight()).isEqualTo(2.5);
        assertThat(config.ephemeral()).isFalse();
        assertThat(config.emptyPushProtection()).isFalse();
        assertThat(config.emptyPushProtectionTimeoutMillis()).isEqualTo(45000);
        assertThat(config.reconcileIntervalMillis()).as("off").isZero();
        assertThat(config.check()).isFalse();
        assertThat(config.startupTimeoutMillis()).isEqualTo(2000);
        assertThat(config.retryMaxDelayMillis()).isEqualTo(60000);
        assertThat(config.metadataLimit()).isEqualTo(4096);
        assertThat(config.registerHost()).isEqualTo("127.0.0.1");
        assertThat(config.registerPort()).isEqualTo(30080);
        Properties properties = config.toClientProperties();
        assertThat(properties)
                .containsEntry("namespace", "dev")
                .containsEntry("accessKey", "ak")
                .containsEntry("secretKey", "sk")
                .containsEntry("redoDelayTime", "1000")
                .containsEntry("nacos.remote.client.rpc.tls.enable", "true");
    }

    @Test
    void joinsBackupServersAndAddsTheDefaultPort() {
        NacosAppConfig config = parse("nacos-app://10.0.0.1:8848?backup=10.0.0.2:9848,10.0.0.3");

        assertThat(config.serverAddr()).isEqualTo("10.0.0.1:8848,10.0.0.2:9848,10.0.0.3:8848");
    }

    @Test
    void publicNamespaceIsTheDefaultNamespace() {
        assertThat(parse("nacos-app://127.0.0.1:8848?namespace=public").namespace())
                .isEmpty();
    }

    @Test
    void credentialsComeFromTheAddressOrParametersAndAreNeverPrinted() {
        NacosAppConfig config = parse("nacos-app://nacos:s3cret@127.0.0.1:8848?registry-type=service");

        assertThat(config.toClientProperties())
                .containsEntry("username", "nacos")
                .containsEntry("password", "s3cret");
        assertThat(config.toString()).doesNotContain("s3cret").contains("username=nacos");
        assertThat(parse("nacos-app://127.0.0.1:8848?accessKey=ak&secretKey=topsecret")
                        .toString())
                .doesNotContain("topsecret");
    }

    @Test
    void registerInterfaceTakesTheInterfaceAddress() {
        assertThat(parse("nacos-app://127.0.0.1:8848?register-interface=eth9").registerHost())
                .isEqualTo("10.1.2.3");
    }

    @Test
    void theGroupIsReadAsDubbosBuiltInReadsIt() {
        assertThat(parse("nacos-app://127.0.0.1:8848?group=G1").group()).isEqualTo("G1");
        assertThat(parse("nacos-app://127.0.0.1:8848?nacos.group=N1").group()).isEqualTo("N1");
        assertThat(parse("nacos-app://127.0.0.1:8848?group=G1&nacos.group=N1").group())
                .as("the built-in reads nacos.group over group")
                .isEqualTo("N1");
    }

    @Test
    void useDefaultGroupForcesDefaultGroupAndSaysWhatItOverrode() {
        URL url = URL.valueOf("nacos-app://127.0.0.1:8848?nacos.group=N1");

        NacosAppConfig forced = parser.parse(url, "true");

        assertThat(forced.group()).isEqualTo("DEFAULT_GROUP");
        assertThat(forced.warnings())
                .singleElement()
                .asString()
                .contains("'N1'", "nacos.group", NacosAppConfigParser.USE_DEFAULT_GROUP + "=true", "'DEFAULT_GROUP'");
        assertThat(parser.parse(url, "false").group()).isEqualTo("N1");
        assertThat(parser.parse(URL.valueOf("nacos-app://127.0.0.1:8848"), "true")
                        .warnings())
                .as("nothing was overridden")
                .isEmpty();
    }

    @Test
    void anInvalidUseDefaultGroupSettingNamesTheSetting() {
        assertThatThrownBy(() -> parser.parse(URL.valueOf("nacos-app://127.0.0.1:8848"), "yes"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining(NacosAppConfigParser.USE_DEFAULT_GROUP + "='yes'")
                .hasMessageContaining("true or false");
    }

    @Test
    void registerHostAcceptsResolvableNamesAndBracketedIpv6() {
        assertThat(parse("nacos-app://127.0.0.1:8848?register-host=nacos-provider.internal")
                        .registerHost())
                .isEqualTo("nacos-provider.internal");
        assertThat(parse("nacos-app://127.0.0.1:8848?register-host=[::1]").registerHost())
                .isEqualTo("::1");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "namespace|bad namespace|a namespace id",
                "group|bad@@group|without '@@'",
                "nacos.group|bad@@group|without '@@'",
                "cluster-name|hz_a|[0-9a-zA-Z-]+",
                "subscribe-clusters|hz-a,hz b|'hz b' is not a Nacos cluster name",
                "selector|env=prod|'env=prod' is not a key:value pair",
                "selector|env:prod,env:dev|required to be both 'prod' and 'dev'",
                "instance-weight|heavy|not a number",
                "instance-weight|-1|from 0 to 10000",
                "instance-weight|10001|from 0 to 10000",
                "ephemeral|yes|not a boolean",
                "empty-push-protection|on|not a boolean",
                "check|maybe|not a boolean",
                "startup-timeout|soon|not a duration",
                "startup-timeout|0|must be positive",
                "retry-max-delay|-5s|must be positive",
                "retry-max-delay|off|not a duration",
                "reconcile-interval|0|must be positive",
                "reconcile-interval|never|not a duration",
                "empty-push-protection-timeout|-1s|must be positive",
                "metadata-limit|0|not a positive integer",
                "metadata-limit|big|not a positive integer",
                "register-host|0.0.0.0|not an address peers can connect to",
                "register-host|no-such-host.invalid|does not resolve",
                "register-interface|eth42|no network interface has that name",
                "register-interface|dummy0|no usable IPv4 or IPv6 address",
                "register-port|0|not a TCP port",
                "register-port|70000|not a TCP port",
                "register-port|http|not a TCP port",
            })
    void rejectsInvalidValuesNamingKeyValueAndWhatIsAllowed(String key, String value, String why) {
        assertThatThrownBy(() -> parse("nacos-app://127.0.0.1:8848?" + key + "=" + value))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining(key + "='" + value + "'")
                .hasMessageContaining(why)
                .hasMessageContaining("allowed: ");
    }

    @Test
    void rejectsConflictingKeys() {
        assertThatThrownBy(() -> parse("nacos-app://127.0.0.1:8848?register-host=127.0.0.1&register-interface=eth9"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("register-host='127.0.0.1' and register-interface='eth9' conflict");
        assertThatThrownBy(() -> parse("nacos-app://127.0.0.1:8848?username=nacos"))
                .hasMessageContaining("username='nacos' is set but password is not");
        assertThatThrownBy(() -> parse("nacos-app://127.0.0.1:8848?password=pw"))
                .hasMessageContaining("password is set but username is not")
                .hasMessageNotContaining("pw");
        assertThatThrownBy(() -> parse("nacos-app://127.0.0.1:8848?accessKey=ak"))
                .hasMessageContaining("accessKey and secretKey must be set together");
        assertThatThrownBy(() -> parse("nacos-app://a:one@127.0.0.1:8848?password=two"))
                .hasMessageContaining("password is given twice")
                .hasMessageNotContaining("one")
                .hasMessageNotContaining("two'");
    }

    @Test
    void rejectsMalformedServerPorts() {
        assertThatThrownBy(() -> parse("nacos-app://127.0.0.1:8848?backup=10.0.0.2:port"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("backup='port'");
    }

    @Test
    void everyKeyIsDocumented() {
        for (ConfigKey key : ConfigKey.values()) {
            assertThat(Arrays.asList(key.key(), key.type(), key.defaultValue(), key.description()))
                    .allSatisfy(text -> assertThat(text).isNotBlank());
        }
    }
}
