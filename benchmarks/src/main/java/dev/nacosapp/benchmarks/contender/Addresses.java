package dev.nacosapp.benchmarks.contender;

import com.alibaba.nacos.api.naming.pojo.Instance;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.dubbo.registry.client.ServiceInstance;

/**
 * {@code host:port} of each instance in a delivered list, whichever contender delivered it, with IPv4 hosts in dotted
 * form (nacos-app hands Dubbo loopback providers as {@code ::ffff:127.0.0.1}, so calls stay on loopback). Stateless.
 */
public final class Addresses {
    private Addresses() {}

    public static Set<String> of(List<?> instances) {
        Set<String> addresses = new HashSet<>();
        for (Object each : instances) {
            addresses.add(of(each));
        }
        return addresses;
    }

    private static final String IPV4_MAPPED = "::ffff:";

    private static String withoutIpv4Mapping(String host) {
        return host != null && host.startsWith(IPV4_MAPPED) && host.indexOf('.') > 0
                ? host.substring(IPV4_MAPPED.length())
                : host;
    }

    public static String of(Object instance) {
        if (instance instanceof Instance nacos) {
            return nacos.getIp() + ":" + nacos.getPort();
        }
        if (instance instanceof ServiceInstance dubbo) {
            return withoutIpv4Mapping(dubbo.getHost()) + ":" + dubbo.getPort();
        }
        throw new IllegalArgumentException("Not an instance: " + instance);
    }
}
