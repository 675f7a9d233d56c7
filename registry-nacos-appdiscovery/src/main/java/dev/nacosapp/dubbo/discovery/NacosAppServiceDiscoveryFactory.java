package dev.nacosapp.dubbo.discovery;

import dev.nacosapp.dubbo.discovery.config.InvalidConfigException;
import dev.nacosapp.dubbo.discovery.internal.NacosAppResources;
import dev.nacosapp.dubbo.discovery.internal.config.NacosAppConfig;
import dev.nacosapp.dubbo.discovery.internal.config.NacosAppConfigParser;
import dev.nacosapp.dubbo.discovery.internal.dubbo.NacosAppRegistries;
import org.apache.dubbo.common.URL;
import org.apache.dubbo.common.config.ConfigurationUtils;
import org.apache.dubbo.registry.client.AbstractServiceDiscoveryFactory;
import org.apache.dubbo.registry.client.ServiceDiscovery;

/**
 * The {@code nacos-app} extension of Dubbo's {@code ServiceDiscoveryFactory}: parses the registry URL once and creates
 * a {@link NacosAppServiceDiscovery} on the framework's shared resources. Thread-safe (Dubbo caches per URL).
 */
public class NacosAppServiceDiscoveryFactory extends AbstractServiceDiscoveryFactory {
    /** The registry address scheme. */
    public static final String NAME = NacosAppRegistries.SCHEME;

    @Override
    protected ServiceDiscovery createDiscovery(URL registryURL) {
        NacosAppConfig config;
        try {
            config = NacosAppConfigParser.system()
                    .parse(
                            registryURL,
                            ConfigurationUtils.getProperty(applicationModel, NacosAppConfigParser.USE_DEFAULT_GROUP));
        } catch (InvalidConfigException e) {
            throw new NacosAppStartupError(e.getMessage(), e);
        }
        return new NacosAppServiceDiscovery(
                applicationModel, registryURL, config, NacosAppResources.of(applicationModel.getFrameworkModel()));
    }
}
