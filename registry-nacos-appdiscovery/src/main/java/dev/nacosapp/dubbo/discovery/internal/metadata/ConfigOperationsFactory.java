package dev.nacosapp.dubbo.discovery.internal.metadata;

import com.alibaba.nacos.api.exception.NacosException;
import java.util.Properties;

/** Creates the config client for one set of nacos-client properties. Implementations must be thread-safe. */
public interface ConfigOperationsFactory {

    ConfigOperations create(Properties properties) throws NacosException;
}
