/**
 * The supported public API of nacos-app: the {@code nacos-app} {@link
 * dev.nacosapp.dubbo.discovery.NacosAppServiceDiscoveryFactory} Dubbo loads through its SPI, the {@link
 * dev.nacosapp.dubbo.discovery.NacosAppServiceDiscovery} it creates with its {@link
 * dev.nacosapp.dubbo.discovery.WatchStats}, and the failures an application can meet at startup ({@link
 * dev.nacosapp.dubbo.discovery.NacosAppStartupError}, {@link dev.nacosapp.dubbo.discovery.MetadataTooLargeException}),
 * and the other extensions Dubbo loads by class name through {@code META-INF/dubbo} (the metadata report, config
 * center, registry and metrics factories, the registry-type normalizer, the QoS command and probes).
 * Together with {@code dev.nacosapp.dubbo.discovery.config} (the configuration keys and their error) this is what keeps
 * its meaning across releases; everything under {@code dev.nacosapp.dubbo.discovery.internal} may change at any time.
 */
package dev.nacosapp.dubbo.discovery;
