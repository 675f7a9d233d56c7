package dev.nacosapp.dubbo.discovery.internal.config;

import dev.nacosapp.dubbo.discovery.config.ConfigKey;
import dev.nacosapp.dubbo.discovery.config.InvalidConfigException;
import java.net.InetAddress;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The keys of the instance registered and the instances subscribed: cluster, weight, metadata limit, the address
 * peers connect to. Stateless.
 */
final class InstanceKeys {
    /** Nacos' own rule for cluster names (nacos-api rejects anything else at registration). */
    private static final Pattern CLUSTER_NAME = Pattern.compile("[0-9a-zA-Z-]+");

    private static final double MAX_WEIGHT = 10000.0;

    private InstanceKeys() {}

    static String clusterName(String value) {
        if (value == null) {
            return ConfigKey.CLUSTER_NAME.defaultString();
        }
        if (!CLUSTER_NAME.matcher(value).matches()) {
            throw InvalidConfigException.of(ConfigKey.CLUSTER_NAME, value, "Nacos cluster names match [0-9a-zA-Z-]+");
        }
        return value;
    }

    static List<String> subscribeClusters(String value) {
        List<String> clusters = new ArrayList<String>();
        if (value == null || value.trim().isEmpty()) {
            return clusters;
        }
        for (String cluster : value.split(",")) {
            String trimmed = cluster.trim();
            if (!CLUSTER_NAME.matcher(trimmed).matches()) {
                throw InvalidConfigException.of(
                        ConfigKey.SUBSCRIBE_CLUSTERS,
                        value,
                        "'" + trimmed + "' is not a Nacos cluster name ([0-9a-zA-Z-]+)");
            }
            if (!clusters.contains(trimmed)) {
                clusters.add(trimmed);
            }
        }
        return clusters;
    }

    static double weight(String value) {
        if (value == null) {
            return ConfigKey.INSTANCE_WEIGHT.defaultDouble();
        }
        double weight;
        try {
            weight = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw InvalidConfigException.of(ConfigKey.INSTANCE_WEIGHT, value, "not a number");
        }
        if (Double.isNaN(weight) || weight < 0 || weight > MAX_WEIGHT) {
            throw InvalidConfigException.of(ConfigKey.INSTANCE_WEIGHT, value, "Nacos accepts weights from 0 to 10000");
        }
        return weight;
    }

    static int metadataLimit(String value) {
        if (value == null) {
            return ConfigKey.METADATA_LIMIT.defaultInt();
        }
        try {
            int limit = Integer.parseInt(value.trim());
            if (limit >= 1) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below with the allowed range
        }
        throw InvalidConfigException.of(ConfigKey.METADATA_LIMIT, value, "not a positive integer");
    }

    static String registerHost(String host, String nic, NetworkLookup network) {
        if (host != null && nic != null) {
            throw new InvalidConfigException("nacos-app: registry parameters " + ConfigKey.REGISTER_HOST.key() + "='"
                    + host + "' and " + ConfigKey.REGISTER_INTERFACE.key() + "='" + nic
                    + "' conflict; set only one of them");
        }
        if (host != null) {
            String trimmed = host.trim();
            if (trimmed.startsWith("[") && trimmed.endsWith("]")) {
                trimmed = trimmed.substring(1, trimmed.length() - 1);
            }
            if (trimmed.isEmpty() || KeyValues.containsWhitespace(trimmed) || "0.0.0.0".equals(trimmed)) {
                throw InvalidConfigException.of(ConfigKey.REGISTER_HOST, host, "not an address peers can connect to");
            }
            try {
                network.resolve(trimmed);
            } catch (UnknownHostException e) {
                throw InvalidConfigException.of(ConfigKey.REGISTER_HOST, host, "does not resolve");
            }
            return trimmed;
        }
        if (nic != null) {
            List<InetAddress> addresses;
            try {
                addresses = network.interfaceAddresses(nic.trim());
            } catch (SocketException e) {
                throw InvalidConfigException.of(
                        ConfigKey.REGISTER_INTERFACE, nic, "cannot read network interfaces: " + e.getMessage());
            }
            if (addresses == null) {
                throw InvalidConfigException.of(
                        ConfigKey.REGISTER_INTERFACE, nic, "no network interface has that name");
            }
            if (addresses.isEmpty()) {
                throw InvalidConfigException.of(
                        ConfigKey.REGISTER_INTERFACE, nic, "the interface has no usable IPv4 or IPv6 address");
            }
            return addresses.get(0).getHostAddress();
        }
        return null;
    }
}
