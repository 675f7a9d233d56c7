package dev.nacosapp.dubbo.discovery.config;

/**
 * Every registry-URL parameter that {@code nacos-app} reads, with its type, default and meaning. The table of
 * {@code docs/configuration.md} lists exactly these keys. Immutable, thread-safe.
 */
public enum ConfigKey {
    /** Nacos namespace id; empty means the {@code public} namespace. */
    NAMESPACE("namespace", "string", "(public)", "", "Nacos namespace id the application registers in and reads from."),
    /** Nacos group of every service this registry touches. */
    GROUP("group", "string", "DEFAULT_GROUP", "DEFAULT_GROUP", "Nacos group of the application services."),
    /**
     * The Nacos group as Dubbo's built-in Nacos registry reads it first: over {@code group} for the application
     * services, so an application moving from {@code nacos://} stays in its group.
     */
    NACOS_GROUP(
            "nacos.group",
            "string",
            "(the group key)",
            null,
            "Nacos group of the application services, over group (as Dubbo's built-in nacos:// reads it)."),
    /** Nacos cluster that this application's instances register in. */
    CLUSTER_NAME(
            "cluster-name",
            "cluster name [0-9a-zA-Z-]",
            "DEFAULT",
            "DEFAULT",
            "Nacos cluster of the instances this application registers."),
    /** Consumers only use instances from these clusters; empty means every cluster. */
    SUBSCRIBE_CLUSTERS(
            "subscribe-clusters",
            "comma-separated cluster names",
            "(all clusters)",
            null,
            "Consumers only use provider instances in these Nacos clusters."),
    /** Metadata every used provider instance must carry, as {@code key:value} pairs joined by commas. */
    SELECTOR(
            "selector",
            "comma-separated key:value pairs",
            "(none)",
            null,
            "Consumers only use provider instances whose metadata has every listed key:value, e.g. env:prod,zone:hz."),
    /** Nacos weight of the instances this application registers. */
    INSTANCE_WEIGHT(
            "instance-weight",
            "decimal 0..10000",
            "1.0",
            1.0,
            "Nacos weight of registered instances; Dubbo sees round(weight x 100), so 1.0 is Dubbo's default 100."),
    /** Whether registered instances are ephemeral (tied to the client connection). */
    EPHEMERAL(
            "ephemeral",
            "boolean (true or false)",
            "true",
            true,
            "Register ephemeral instances, removed by Nacos when this process's connection is lost."),
    /** Keep the last good provider list when a push has no usable instance. */
    EMPTY_PUSH_PROTECTION(
            "empty-push-protection",
            "boolean (true or false)",
            "true",
            true,
            "Ignore a push with no healthy instance in the subscribed clusters and keep the last good list (logged"
                    + " once per application); drains to weight 0, disabled instances and selectors are honoured."),
    /** How long Nacos must keep answering "no usable instance" before empty-push protection lets go. */
    EMPTY_PUSH_PROTECTION_TIMEOUT(
            "empty-push-protection-timeout",
            "duration, or off",
            "30s",
            30000L,
            "How long Nacos, queried directly while connected, must keep answering that an application has no usable"
                    + " instance before protection delivers the empty list (WARN): long enough for a server restart"
                    + " and nacos-client's redo. off: keep the last good list until instances come back."),
    /** How often a consumer compares each watched application's list with a direct query of Nacos. */
    RECONCILE_INTERVAL(
            "reconcile-interval",
            "duration, or off",
            "60s",
            60000L,
            "How often a consumer compares each watched application's list with a direct query of Nacos (one query"
                    + " per application and period, +-10% jitter, and one a few seconds after every reconnection)"
                    + " and delivers Nacos' list when they differ (WARN once per application). off: never."),
    /** Fail startup when Nacos is unreachable or refuses a registration. Dubbo's standard registry key. */
    CHECK(
            "check",
            "boolean (true or false)",
            "true",
            true,
            "true: startup fails when no Nacos server answers within startup-timeout, or Nacos still refuses the first"
                    + " registration then; false: start anyway and register/subscribe once Nacos answers."),
    /** How long startup waits for a Nacos server when {@code check=true}. */
    STARTUP_TIMEOUT(
            "startup-timeout",
            "duration (500ms, 5s, 1m; bare number = ms)",
            "10s",
            10000L,
            "How long startup waits for a Nacos server to answer, and retries a refused first registration, when"
                    + " check=true; only the wait is bounded: nacos-client's own connect and reconnect settings stay its own, so it should leave room for"
                    + " more than one of its connect attempts (up to 3s each by default)."),
    /** Largest back-off between background retries when {@code check=false} or after a failure. */
    RETRY_MAX_DELAY(
            "retry-max-delay",
            "duration",
            "30s",
            30000L,
            "Longest wait between background retries of a refused registration or subscription (starts at 500ms,"
                    + " doubles); after a lost connection they retry as soon as it is back."),
    /** Root directory of nacos-client's naming cache (files under {@code <dir>/nacos/naming/<namespace>/}). */
    CACHE_DIR(
            "cache-dir",
            "directory path",
            "(nacos-client's: ~/nacos)",
            null,
            "Root of nacos-client's naming cache; files go to <dir>/nacos/naming/<namespace>/, one per service."),
    /** Whether a consumer may start from the cached provider lists when Nacos does not answer its first query. */
    LOAD_CACHE_AT_START(
            "load-cache-at-start",
            "boolean (true or false)",
            "true",
            true,
            "When Nacos does not answer a consumer's first query, use the provider list cached on disk until it does."),
    /** Instance metadata size limit the server enforces. */
    METADATA_LIMIT(
            "metadata-limit",
            "integer >= 1 (characters)",
            "1024",
            1024,
            "Total metadata size the Nacos server accepts; raise it together with the server's"
                    + " nacos.naming.service.metadata.length."),
    /** Address registered instead of the one Dubbo chose. */
    REGISTER_HOST(
            "register-host",
            "IPv4, IPv6 or resolvable host name",
            "(Dubbo's choice)",
            null,
            "Address written to Nacos for this application's instances."),
    /** Network interface whose address is registered. */
    REGISTER_INTERFACE(
            "register-interface",
            "network interface name, e.g. eth0",
            "(Dubbo's choice)",
            null,
            "Register the first address of this network interface (IPv4 preferred). Conflicts with register-host."),
    /** Port registered for the instance's main endpoint. */
    REGISTER_PORT(
            "register-port",
            "1..65535",
            "(Dubbo's port)",
            null,
            "Port written to Nacos for the instance (port mapping / NAT); other protocols keep their ports."),
    /** Nacos access key (Alibaba Cloud MSE and similar). */
    ACCESS_KEY("accessKey", "string", "(none)", null, "Nacos access key; passed to nacos-client."),
    /** Nacos secret key; never logged. */
    SECRET_KEY("secretKey", "string", "(none)", null, "Nacos secret key; passed to nacos-client, never logged."),
    /** Username for Nacos authentication (also accepted as URL user info). */
    USERNAME("username", "string", "(none)", null, "Nacos user; also accepted as nacos-app://user:password@host:8848."),
    /** Password for Nacos authentication; never logged. */
    PASSWORD("password", "string", "(none)", null, "Nacos password; never logged."),
    /** Additional server addresses (Dubbo's standard key, filled from a comma-separated address too). */
    BACKUP("backup", "comma-separated host:port", "(none)", null, "More Nacos servers of the same cluster.");

    /** Prefix of keys passed verbatim to nacos-client (after removing the prefix). */
    public static final String CLIENT_PROPERTY_PREFIX = "nacos-client.";

    /** Prefix of nacos-client's own TLS switches, passed verbatim. */
    public static final String TLS_PROPERTY_PREFIX = "nacos.remote.client.rpc.tls.";

    private final String key;
    private final String type;
    private final String defaultValue;
    /** The default as the parser uses it: Boolean, Long (milliseconds), Integer, Double or String; null for none. */
    private final Object typedDefault;

    private final String description;

    ConfigKey(String key, String type, String defaultValue, Object typedDefault, String description) {
        this.key = key;
        this.type = type;
        this.defaultValue = defaultValue;
        this.typedDefault = typedDefault;
        this.description = description;
    }

    /** The parameter name in the registry URL. */
    public String key() {
        return key;
    }

    /** What values are allowed, as shown in errors. */
    public String type() {
        return type;
    }

    /** The default, as documented. */
    public String defaultValue() {
        return defaultValue;
    }

    /** The default of a boolean key. */
    public boolean defaultBoolean() {
        return (Boolean) typed(Boolean.class);
    }

    /** The default of a duration key, in milliseconds. */
    public long defaultMillis() {
        return (Long) typed(Long.class);
    }

    /** The default of an integer key. */
    public int defaultInt() {
        return (Integer) typed(Integer.class);
    }

    /** The default of a decimal key. */
    public double defaultDouble() {
        return (Double) typed(Double.class);
    }

    /** The default of a text key, or {@code null} when the key has none (the behaviour is then described in words). */
    public String defaultString() {
        return typedDefault == null ? null : (String) typed(String.class);
    }

    private Object typed(Class<?> kind) {
        if (!kind.isInstance(typedDefault)) {
            throw new IllegalStateException(key + " has no " + kind.getSimpleName() + " default");
        }
        return typedDefault;
    }

    /** One line for the configuration table. */
    public String description() {
        return description;
    }
}
