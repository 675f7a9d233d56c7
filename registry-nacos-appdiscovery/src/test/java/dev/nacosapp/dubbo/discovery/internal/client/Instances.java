package dev.nacosapp.dubbo.discovery.internal.client;

import com.alibaba.nacos.api.naming.pojo.Instance;
import java.util.HashMap;
import java.util.Map;

/** Builds Nacos instances for tests. */
public final class Instances {
    private Instances() {}

    public static Instance healthy(String ip, int port) {
        Instance instance = new Instance();
        instance.setIp(ip);
        instance.setPort(port);
        instance.setClusterName("DEFAULT");
        instance.setMetadata(new HashMap<>());
        return instance;
    }

    public static Instance unhealthy(String ip, int port) {
        Instance instance = healthy(ip, port);
        instance.setHealthy(false);
        return instance;
    }

    public static Instance disabled(String ip, int port) {
        Instance instance = healthy(ip, port);
        instance.setEnabled(false);
        return instance;
    }

    public static Instance withWeight(String ip, int port, double weight) {
        Instance instance = healthy(ip, port);
        instance.setWeight(weight);
        return instance;
    }

    public static Instance inCluster(String ip, int port, String cluster) {
        Instance instance = healthy(ip, port);
        instance.setClusterName(cluster);
        return instance;
    }

    public static Instance withMetadata(String ip, int port, String... pairs) {
        Instance instance = healthy(ip, port);
        Map<String, String> metadata = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            metadata.put(pairs[i], pairs[i + 1]);
        }
        instance.setMetadata(metadata);
        return instance;
    }
}
