package dev.nacosapp.dubbo.discovery.internal.client;

import com.alibaba.nacos.api.exception.NacosException;
import java.util.Properties;

/** Creates the client for one set of nacos-client properties. Implementations must be thread-safe. */
public interface NamingOperationsFactory {

    NamingOperations create(Properties properties) throws NacosException;
}
