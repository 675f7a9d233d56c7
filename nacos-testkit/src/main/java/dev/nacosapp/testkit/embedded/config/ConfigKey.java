package dev.nacosapp.testkit.embedded.config;

import com.alibaba.nacos.api.common.Constants;
import java.util.Objects;

/**
 * Identifies one config: namespace (tenant), group and data id, with the spellings of the default namespace mapped
 * to {@code public} as a Nacos 2.x server maps them to its empty default id. Immutable and thread-safe.
 *
 * @param namespace the namespace id, {@code public} for the default namespace
 * @param group the group
 * @param dataId the data id
 */
public record ConfigKey(String namespace, String group, String dataId) {

    /** The id the embedded server uses for the default namespace. */
    public static final String PUBLIC_NAMESPACE = "public";

    public ConfigKey {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(dataId, "dataId");
    }

    /**
     * Builds a key from what a client or test sent.
     *
     * @param tenant the tenant; blank, {@code public} or {@code null} (any case) for the default namespace, as Nacos'
     *     {@code NamespaceUtil} treats them
     * @param group the group; blank for {@code DEFAULT_GROUP}
     * @param dataId the data id
     * @return the key
     */
    public static ConfigKey of(String tenant, String group, String dataId) {
        return new ConfigKey(
                normaliseNamespace(tenant),
                isBlank(group) ? Constants.DEFAULT_GROUP : group.trim(),
                dataId == null ? "" : dataId.trim());
    }

    /**
     * Maps the spellings of the default namespace to one id.
     *
     * @param tenant a tenant as sent by a client
     * @return {@code public} for the default namespace, else the trimmed id
     */
    public static String normaliseNamespace(String tenant) {
        if (isBlank(tenant)
                || PUBLIC_NAMESPACE.equalsIgnoreCase(tenant.trim())
                || "null".equalsIgnoreCase(tenant.trim())) {
            return PUBLIC_NAMESPACE;
        }
        return tenant.trim();
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
