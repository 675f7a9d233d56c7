package dev.nacosapp.dubbo.discovery;

import dev.nacosapp.dubbo.discovery.config.InvalidConfigException;
import dev.nacosapp.dubbo.discovery.internal.NacosAppResources;
import dev.nacosapp.dubbo.discovery.internal.client.ClientPool;
import dev.nacosapp.dubbo.discovery.internal.config.NacosAppConfig;
import dev.nacosapp.dubbo.discovery.internal.config.NacosAppConfigParser;
import dev.nacosapp.dubbo.discovery.internal.metadata.ConfigOperations;
import dev.nacosapp.dubbo.discovery.internal.metadata.NacosAppMetadataReport;
import org.apache.dubbo.common.URL;
import org.apache.dubbo.metadata.report.MetadataReport;
import org.apache.dubbo.metadata.report.support.AbstractMetadataReportFactory;

/**
 * The {@code nacos-app} extension of Dubbo's {@code MetadataReportFactory}. Its presence makes Dubbo use a
 * {@code nacos-app://} registry as metadata center as well (unless the registry says {@code use-as-metadata-center=false}),
 * so consumers find the provider application of an interface through Nacos, without {@code providedBy}. The config
 * center is {@link NacosAppDynamicConfigurationFactory}'s job. Thread-safe (Dubbo caches per URL).
 */
public class NacosAppMetadataReportFactory extends AbstractMetadataReportFactory {

    @Override
    protected MetadataReport createMetadataReport(URL url) {
        NacosAppConfig config;
        try {
            config = NacosAppConfigParser.system().parse(url);
        } catch (InvalidConfigException e) {
            throw new NacosAppStartupError(e.getMessage(), e);
        }
        NacosAppResources resources =
                NacosAppResources.of(url.getOrDefaultApplicationModel().getFrameworkModel());
        ClientPool.Lease<ConfigOperations> lease = resources.leaseConfigClient(config);
        try {
            return new NacosAppMetadataReport(url, config, lease);
        } catch (RuntimeException | Error e) {
            // Dubbo's report constructor can fail (its file cache); nothing else would give the lease back.
            lease.release();
            throw e;
        }
    }
}
