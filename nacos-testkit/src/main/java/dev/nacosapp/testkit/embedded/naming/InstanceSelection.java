package dev.nacosapp.testkit.embedded.naming;

import com.alibaba.nacos.api.naming.pojo.Instance;
import com.alibaba.nacos.api.naming.pojo.ServiceInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Builds the {@link ServiceInfo} answers and pushes of a service from its instances, with the filters Nacos 2.x
 * applies: clusters (comma separated, blank for all), healthy-only, enabled-only.
 *
 * <p>Nacos' protect threshold only applies once service metadata exists, which registrations alone never create, so
 * it is not modelled: unhealthy instances are served as they are. Stateless and thread-safe.
 */
public final class InstanceSelection {

    /** The cache time Nacos puts in every answer by default, in milliseconds. */
    public static final long DEFAULT_CACHE_MILLIS = 10_000L;

    private InstanceSelection() {}

    /**
     * Selects instances of a service.
     *
     * @param key the service
     * @param instances every instance of the service
     * @param clusters comma-separated cluster names, blank for every cluster
     * @param healthyOnly leave unhealthy instances out
     * @param enabledOnly leave disabled instances out
     * @return a new service info with {@code name} the plain service name, as Nacos sends over gRPC
     */
    public static ServiceInfo select(
            ServiceKey key, List<Instance> instances, String clusters, boolean healthyOnly, boolean enabledOnly) {
        Set<String> wanted = clusters == null || clusters.isBlank()
                ? Set.of()
                : Arrays.stream(clusters.split(","))
                        .map(String::trim)
                        .filter(each -> !each.isEmpty())
                        .collect(Collectors.toSet());
        List<Instance> hosts = new ArrayList<>();
        for (Instance each : instances) {
            if ((wanted.isEmpty() || wanted.contains(each.getClusterName()))
                    && (!enabledOnly || each.isEnabled())
                    && (!healthyOnly || each.isHealthy())) {
                hosts.add(each);
            }
        }
        ServiceInfo info = new ServiceInfo();
        info.setName(key.name());
        info.setGroupName(key.group());
        info.setClusters(clusters == null ? "" : clusters);
        info.setCacheMillis(DEFAULT_CACHE_MILLIS);
        info.setLastRefTime(System.currentTimeMillis());
        info.setHosts(hosts);
        return info;
    }

    /**
     * Builds a push that carries an empty, non-null host list: the client drops pushes whose hosts are null.
     *
     * @param key the service
     * @return an empty service info
     */
    public static ServiceInfo empty(ServiceKey key) {
        return select(key, List.of(), "", false, true);
    }
}
