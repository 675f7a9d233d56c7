package dev.nacosapp.dubbo.discovery.internal.config;

import static dev.nacosapp.dubbo.discovery.internal.config.ClientKeys.cacheDir;
import static dev.nacosapp.dubbo.discovery.internal.config.ClientKeys.clientProperties;
import static dev.nacosapp.dubbo.discovery.internal.config.CredentialKeys.credentials;
import static dev.nacosapp.dubbo.discovery.internal.config.InstanceKeys.clusterName;
import static dev.nacosapp.dubbo.discovery.internal.config.InstanceKeys.metadataLimit;
import static dev.nacosapp.dubbo.discovery.internal.config.InstanceKeys.subscribeClusters;
import static dev.nacosapp.dubbo.discovery.internal.config.InstanceKeys.weight;
import static dev.nacosapp.dubbo.discovery.internal.config.KeyValues.bool;
import static dev.nacosapp.dubbo.discovery.internal.config.KeyValues.duration;
import static dev.nacosapp.dubbo.discovery.internal.config.KeyValues.durationOrOff;
import static dev.nacosapp.dubbo.discovery.internal.config.KeyValues.port;
import static dev.nacosapp.dubbo.discovery.internal.config.ServerKeys.namespace;
import static dev.nacosapp.dubbo.discovery.internal.config.ServerKeys.namingGroup;
import static dev.nacosapp.dubbo.discovery.internal.config.ServerKeys.serverAddr;

import dev.nacosapp.dubbo.discovery.config.ConfigKey;
import dev.nacosapp.dubbo.discovery.config.InvalidConfigException;
import org.apache.dubbo.common.URL;

/**
 * Reads a {@code nacos-app://} registry URL into a {@link NacosAppConfig}, once, at startup. Every invalid value fails
 * here with an {@link InvalidConfigException} naming the key, the value and what is allowed. This is the one entry
 * point; each family of keys is read by its own class ({@link ServerKeys}, {@link InstanceKeys}, {@link KeyValues},
 * {@link CredentialKeys}, {@link ClientKeys}) and misspelt keys are warned about by {@link ParameterNames}.
 * Thread-safe.
 */
public final class NacosAppConfigParser {
    /**
     * The application setting (not a registry parameter) with which Dubbo's built-in Nacos discovery puts the
     * application services in {@code DEFAULT_GROUP} whatever the registry's group.
     */
    public static final String USE_DEFAULT_GROUP = "dubbo.nacos-service-discovery.use-default-group";

    private final NetworkLookup network;

    public NacosAppConfigParser(NetworkLookup network) {
        this.network = network;
    }

    /** A parser that resolves addresses on this machine. */
    public static NacosAppConfigParser system() {
        return new NacosAppConfigParser(NetworkLookup.SYSTEM);
    }

    /** Parses a registry URL of an application that does not set {@value #USE_DEFAULT_GROUP}. */
    public NacosAppConfig parse(URL url) {
        return parse(url, null);
    }

    /**
     * Parses a registry URL.
     *
     * @param useDefaultGroup the application's {@value #USE_DEFAULT_GROUP} setting, or {@code null} when it has none
     */
    /**
     * Parses a registry URL.
     *
     * @param useDefaultGroup the application's {@value #USE_DEFAULT_GROUP} setting, or {@code null} when it has none
     */
    public NacosAppConfig parse(URL url, String useDefaultGroup) {
        NacosAppConfig.Builder b = new NacosAppConfig.Builder();
        b.serverAddr = serverAddr(url);
        b.namespace = namespace(url.getParameter(ConfigKey.NAMESPACE.key(), ConfigKey.NAMESPACE.defaultString()));
        b.group = namingGroup(url, useDefaultGroup, b.warnings);
        b.clusterName = clusterName(url.getParameter(ConfigKey.CLUSTER_NAME.key()));
        b.subscribeClusters = subscribeClusters(url.getParameter(ConfigKey.SUBSCRIBE_CLUSTERS.key()));
        b.selector = MetadataSelector.parse(url.getParameter(ConfigKey.SELECTOR.key()));
        b.instanceWeight = weight(url.getParameter(ConfigKey.INSTANCE_WEIGHT.key()));
        b.ephemeral = bool(ConfigKey.EPHEMERAL, url);
        b.emptyPushProtection = bool(ConfigKey.EMPTY_PUSH_PROTECTION, url);
        b.emptyPushProtectionTimeoutMillis = durationOrOff(ConfigKey.EMPTY_PUSH_PROTECTION_TIMEOUT, url);
        b.reconcileIntervalMillis = durationOrOff(ConfigKey.RECONCILE_INTERVAL, url);
        b.check = bool(ConfigKey.CHECK, url);
        b.startupTimeoutMillis = duration(ConfigKey.STARTUP_TIMEOUT, url);
        b.retryMaxDelayMillis = duration(ConfigKey.RETRY_MAX_DELAY, url);
        b.metadataLimit = metadataLimit(url.getParameter(ConfigKey.METADATA_LIMIT.key()));
        b.cacheDir = cacheDir(url.getParameter(ConfigKey.CACHE_DIR.key()));
        b.loadCacheAtStart = bool(ConfigKey.LOAD_CACHE_AT_START, url);
        b.registerHost = registerHost(
                url.getParameter(ConfigKey.REGISTER_HOST.key()), url.getParameter(ConfigKey.REGISTER_INTERFACE.key()));
        b.registerPort = port(ConfigKey.REGISTER_PORT, url.getParameter(ConfigKey.REGISTER_PORT.key()));
        credentials(url, b);
        clientProperties(url.getParameters(), b);
        b.tls = TlsSettings.read(b.clientProperties, b.warnings);
        b.warnings.addAll(ParameterNames.warnings(url.getParameters().keySet()));
        return b.build();
    }

    private String registerHost(String host, String nic) {
        return InstanceKeys.registerHost(host, nic, network);
    }
}
