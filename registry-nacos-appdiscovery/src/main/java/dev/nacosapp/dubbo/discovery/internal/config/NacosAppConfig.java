package dev.nacosapp.dubbo.discovery.internal.config;

import dev.nacosapp.dubbo.discovery.config.ConfigKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Everything {@code nacos-app} reads from a registry URL, parsed and validated once by {@link NacosAppConfigParser}.
 * Immutable, thread-safe. Its {@link #toString()} never contains a password or secret key.
 *
 * <p>Longer than most classes because it is the one value of every setting: a field, an accessor and a builder slot
 * per key, which only grow together.
 */
public final class NacosAppConfig {
    /** Nacos' default group. */
    public static final String DEFAULT_GROUP = ConfigKey.GROUP.defaultString();
    /** Nacos' default cluster. */
    public static final String DEFAULT_CLUSTER = ConfigKey.CLUSTER_NAME.defaultString();

    /** nacos-client's switch for reading its disk cache when it starts. */
    static final String NAMING_LOAD_CACHE_AT_START = "namingLoadCacheAtStart";
    /** nacos-client's root of its cache directories (default: the user's home). */
    static final String SNAPSHOT_PATH = "JM.SNAPSHOT.PATH";

    final String serverAddr;
    final String namespace;
    final String group;
    final String clusterName;
    final List<String> subscribeClusters;
    final MetadataSelector selector;
    final double instanceWeight;
    final boolean ephemeral;
    final boolean emptyPushProtection;
    final long emptyPushProtectionTimeoutMillis;
    final long reconcileIntervalMillis;
    final boolean check;
    final long startupTimeoutMillis;
    final long retryMaxDelayMillis;
    final int metadataLimit;
    final String cacheDir;
    final boolean loadCacheAtStart;
    final String registerHost;
    final Integer registerPort;
    final String username;
    final String password;
    final String accessKey;
    final String secretKey;
    final Map<String, String> clientProperties;
    final TlsSettings tls;
    final List<String> warnings;

    NacosAppConfig(Builder b) {
        this.serverAddr = b.serverAddr;
        this.namespace = b.namespace;
        this.group = b.group;
        this.clusterName = b.clusterName;
        this.subscribeClusters = Collections.unmodifiableList(new ArrayList<String>(b.subscribeClusters));
        this.selector = b.selector;
        this.instanceWeight = b.instanceWeight;
        this.ephemeral = b.ephemeral;
        this.emptyPushProtection = b.emptyPushProtection;
        this.emptyPushProtectionTimeoutMillis = b.emptyPushProtectionTimeoutMillis;
        this.reconcileIntervalMillis = b.reconcileIntervalMillis;
        this.check = b.check;
        this.startupTimeoutMillis = b.startupTimeoutMillis;
        this.retryMaxDelayMillis = b.retryMaxDelayMillis;
        this.metadataLimit = b.metadataLimit;
        this.cacheDir = b.cacheDir;
        this.loadCacheAtStart = b.loadCacheAtStart;
        this.registerHost = b.registerHost;
        this.registerPort = b.registerPort;
        this.username = b.username;
        this.password = b.password;
        this.accessKey = b.accessKey;
        this.secretKey = b.secretKey;
        this.clientProperties = Collections.unmodifiableMap(new TreeMap<String, String>(b.clientProperties));
        this.tls = b.tls;
        this.warnings = Collections.unmodifiableList(new ArrayList<String>(b.warnings));
    }

    /** Comma-separated {@code host:port} list of Nacos servers. */
    public String serverAddr() {
        return serverAddr;
    }

    /** Namespace id; empty for the public namespace. */
    public String namespace() {
        return namespace;
    }

    public String group() {
        return group;
    }

    /** Cluster of registered instances. */
    public String clusterName() {
        return clusterName;
    }

    /** Clusters consumers use; empty means all. */
    public List<String> subscribeClusters() {
        return subscribeClusters;
    }

    public MetadataSelector selector() {
        return selector;
    }

    /** Nacos weight of registered instances. */
    public double instanceWeight() {
        return instanceWeight;
    }

    public boolean ephemeral() {
        return ephemeral;
    }

    public boolean emptyPushProtection() {
        return emptyPushProtection;
    }

    /** How long Nacos must answer "no usable instance" before protection lets the empty list through; 0: never. */
    public long emptyPushProtectionTimeoutMillis() {
        return emptyPushProtectionTimeoutMillis;
    }

    /** How often each watched application is compared with a direct query of Nacos; 0: never. */
    public long reconcileIntervalMillis() {
        return reconcileIntervalMillis;
    }

    public boolean check() {
        return check;
    }

    public long startupTimeoutMillis() {
        return startupTimeoutMillis;
    }

    public long retryMaxDelayMillis() {
        return retryMaxDelayMillis;
    }

    public int metadataLimit() {
        return metadataLimit;
    }

    /** Root of nacos-client's naming cache, or {@code null} for nacos-client's default (the user's home). */
    public String cacheDir() {
        return cacheDir;
    }

    public boolean loadCacheAtStart() {
        return loadCacheAtStart;
    }

    /** Parameters that look like mistakes (a misspelt key), one sentence each, to log at startup. */
    public List<String> warnings() {
        return warnings;
    }

    /** The address to register instead of Dubbo's, or {@code null}. */
    public String registerHost() {
        return registerHost;
    }

    /** The port to register instead of Dubbo's main port, or {@code null}. */
    public Integer registerPort() {
        return registerPort;
    }

    /** nacos-client's TLS settings as checked at startup; {@link TlsSettings#OFF} for plaintext. */
    public TlsSettings tls() {
        return tls;
    }

    /**
     * Tells whether the registry sets credentials (a user or an access key) for nacos-client to log in with.
     *
     * @return true when a username or an accessKey is set
     */
    public boolean hasCredentials() {
        return username != null || accessKey != null;
    }

    /** Human-readable target for log lines and errors: servers and namespace, no credentials. */
    public String describeTarget() {
        return "Nacos servers [" + serverAddr + "], namespace '" + (namespace.isEmpty() ? "public" : namespace)
                + "', group '" + group + "'";
    }

    /**
     * The properties for {@code NamingFactory.createNamingService}. Two configs with equal properties can share one
     * client; the result holds credentials and must never be logged.
     */
    public Properties toClientProperties() {
        Properties properties = new Properties();
        properties.putAll(clientProperties);
        properties.setProperty("serverAddr", serverAddr);
        if (!namespace.isEmpty()) {
            properties.setProperty("namespace", namespace);
        }
        properties.setProperty(NAMING_LOAD_CACHE_AT_START, Boolean.toString(loadCacheAtStart));
        putIfSet(properties, SNAPSHOT_PATH, cacheDir);
        putIfSet(properties, "username", username);
        putIfSet(properties, "password", password);
        putIfSet(properties, "accessKey", accessKey);
        putIfSet(properties, "secretKey", secretKey);
        return properties;
    }

    private static void putIfSet(Properties properties, String key, String value) {
        if (value != null) {
            properties.setProperty(key, value);
        }
    }

    @Override
    public String toString() {
        return "NacosAppConfig{" + describeTarget() + ", cluster-name=" + clusterName + ", subscribe-clusters="
                + subscribeClusters + ", selector=" + selector + ", instance-weight=" + instanceWeight + ", ephemeral="
                + ephemeral + ", empty-push-protection=" + emptyPushProtection
                + ", empty-push-protection-timeout=" + emptyPushProtectionTimeoutMillis + "ms, reconcile-interval="
                + reconcileIntervalMillis + "ms, check=" + check
                + ", startup-timeout=" + startupTimeoutMillis + "ms, retry-max-delay=" + retryMaxDelayMillis
                + "ms, metadata-limit=" + metadataLimit + ", register-host=" + registerHost + ", register-port="
                + registerPort + ", username=" + username + ", password=" + (password == null ? "(none)" : "******")
                + ", accessKey=" + accessKey + ", secretKey=" + (secretKey == null ? "(none)" : "******")
                + ", client properties=" + clientProperties.keySet() + "}";
    }

    /** Mutable holder the parser fills; package-private so only the parser builds configs. */
    static final class Builder {
        String serverAddr;
        // No defaults here: the parser sets every field, from the value given or the key's default (ConfigKey).
        String namespace;
        String group;
        String clusterName;
        List<String> subscribeClusters;
        MetadataSelector selector;
        double instanceWeight;
        boolean ephemeral;
        boolean emptyPushProtection;
        long emptyPushProtectionTimeoutMillis;
        long reconcileIntervalMillis;
        boolean check;
        long startupTimeoutMillis;
        long retryMaxDelayMillis;
        int metadataLimit;
        String cacheDir;
        boolean loadCacheAtStart;
        String registerHost;
        Integer registerPort;
        String username;
        String password;
        String accessKey;
        String secretKey;
        Map<String, String> clientProperties = new TreeMap<String, String>();
        TlsSettings tls = TlsSettings.OFF;
        List<String> warnings = new ArrayList<String>();

        NacosAppConfig build() {
            return new NacosAppConfig(this);
        }
    }
}
