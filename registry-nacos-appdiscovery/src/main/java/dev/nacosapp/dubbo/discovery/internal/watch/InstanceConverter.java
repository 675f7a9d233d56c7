package dev.nacosapp.dubbo.discovery.internal.watch;

import com.alibaba.nacos.api.naming.pojo.Instance;
import org.apache.dubbo.registry.client.ServiceInstance;

/** Converts a usable Nacos instance of an application to what Dubbo's listeners get. Implementations are thread-safe. */
public interface InstanceConverter {
    ServiceInstance convert(String application, Instance instance);
}
