/**
 * Public API: the registry parameters nacos-app reads ({@link dev.nacosapp.dubbo.discovery.config.ConfigKey}) and the
 * error an invalid value raises at startup ({@link dev.nacosapp.dubbo.discovery.config.InvalidConfigException}).
 */
package dev.nacosapp.dubbo.discovery.config;
