package dev.nacosapp.dubbo.discovery;

import dev.nacosapp.dubbo.discovery.config.InvalidConfigException;
import dev.nacosapp.dubbo.discovery.internal.NacosAppResources;
import dev.nacosapp.dubbo.discovery.internal.config.NacosAppConfig;
import dev.nacosapp.dubbo.discovery.internal.config.NacosAppConfigParser;
import dev.nacosapp.dubbo.discovery.internal.configcenter.NacosAppDynamicConfiguration;
import org.apache.dubbo.common.URL;
import org.apache.dubbo.common.config.configcenter.AbstractDynamicConfigurationFactory;
import org.apache.dubbo.common.config.configcenter.DynamicConfiguration;
import org.apache.dubbo.common.constants.CommonConstants;

/**
 * The {@code nacos-app} extension of Dubbo's {@code DynamicConfigurationFactory}. Its presence makes Dubbo use a
 * {@code nacos-app://} registry as config center as well, as it does with its built-in {@code nacos://} registry
 * (unless the registry says {@code use-as-config-center=false}), so that governance rules kept in Nacos config apply.
 * The config center shares the config client of the registry's Nacos with the metadata report. Thread-safe (Dubbo
 * caches one configuration per URL and application).
 */
public class NacosAppDynamicConfigurationFactory extends AbstractDynamicConfigurationFactory {
    private static final String NAMESPACE = "namespace";

    @Override
    protected DynamicConfiguration createDynamicConfiguration(URL url) {
        // Dubbo gives a config center the namespace "dubbo" when none is set; Dubbo's built-in Nacos config center
        // reads it as Nacos's public namespace, and so does nacos-app.
        URL nacosUrl = CommonConstants.DUBBO.equals(url.getParameter(NAMESPACE)) ? url.removeParameter(NAMESPACE) : url;
        NacosAppConfig config;
        try {
            config = NacosAppConfigParser.system().parse(nacosUrl);
        } catch (InvalidConfigException e) {
            throw new NacosAppStartupError(e.getMessage(), e);
        }
        NacosAppResources resources =
                NacosAppResources.of(nacosUrl.getOrDefaultApplicationModel().getFrameworkModel());
        return new NacosAppDynamicConfiguration(config, resources.leaseConfigClient(config));
    }
}
