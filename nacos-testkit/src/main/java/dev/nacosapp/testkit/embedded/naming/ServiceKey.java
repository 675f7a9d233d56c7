package dev.nacosapp.testkit.embedded.naming;

import com.alibaba.nacos.api.common.Constants;
import java.util.Objects;

/**
 * Identifies a service the way Nacos does: namespace, group and name.
 *
 * <p>Nacos treats an empty namespace and {@code public} as the same default namespace (nacos-client sends
 * {@code public}, the open API defaults to it), and a blank group as {@code DEFAULT_GROUP}; {@link #of} applies
 * both rules so that every caller compares normalised keys. Immutable and thread-safe.
 *
 * @param namespace the namespace id, never blank
 * @param group the group, never blank
 * @param name the service name without group prefix
 */
public record ServiceKey(String namespace, String group, String name) {

    /** The default namespace id. */
    public static final String PUBLIC_NAMESPACE = Constants.DEFAULT_NAMESPACE_ID;

    public ServiceKey {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(name, "name");
    }

    /**
     * Builds a normalised key.
     *
     * @param namespace namespace id; blank means {@code public}
     * @param group group; blank means {@code DEFAULT_GROUP}
     * @param name service name; a {@code group@@name} form overrides {@code group}
     * @return the key
     */
    public static ServiceKey of(String namespace, String group, String name) {
        String serviceName = name == null ? "" : name.trim();
        String groupName = isBlank(group) ? Constants.DEFAULT_GROUP : group.trim();
        int split = serviceName.indexOf(Constants.SERVICE_INFO_SPLITER);
        if (split > 0) {
            groupName = serviceName.substring(0, split);
            serviceName = serviceName.substring(split + Constants.SERVICE_INFO_SPLITER.length());
        }
        return new ServiceKey(normaliseNamespace(namespace), groupName, serviceName);
    }

    /**
     * Maps the spellings of the default namespace to one id.
     *
     * @param namespace a namespace id as sent by a client
     * @return {@code public} for blank input, else the trimmed id
     */
    public static String normaliseNamespace(String namespace) {
        return isBlank(namespace) ? PUBLIC_NAMESPACE : namespace.trim();
    }

    /**
     * Returns the grouped name used in instance JSON and instance ids.
     *
     * @return {@code group@@name}
     */
    public String groupedName() {
        return group + Constants.SERVICE_INFO_SPLITER + name;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    @Override
    public String toString() {
        return namespace + "/" + groupedName();
    }
}
