package dev.nacosapp.benchmarks.contender;

/** The three consumers every figure is measured for, in the order the report lists them. */
public enum ContenderKind {
    /** nacos-client's own NamingService subscribe callback: nothing on top of it can be faster. */
    RAW("raw nacos-client", null),
    /** Dubbo 3.3's built-in {@code NacosServiceDiscovery}, {@code nacos://…?registry-type=service}. */
    BUILT_IN("Dubbo built-in nacos", "nacos"),
    /** This project's {@code NacosAppServiceDiscovery}, {@code nacos-app://…?registry-type=service}. */
    NACOS_APP("nacos-app", "nacos-app");

    private final String label;
    private final String scheme;

    ContenderKind(String label, String scheme) {
        this.label = label;
        this.scheme = scheme;
    }

    /** How the report names this contender. */
    public String label() {
        return label;
    }

    /** The registry URL scheme of a Dubbo contender; {@code null} for the raw client. */
    public String scheme() {
        return scheme;
    }

    /** Short, stable name for CSV files and command lines. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    public static ContenderKind fromId(String id) {
        for (ContenderKind kind : values()) {
            if (kind.id().equals(id)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("Unknown contender '" + id + "'; expected raw, built-in or nacos-app");
    }
}
