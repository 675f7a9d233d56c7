/**
 * Instance conversion: a Nacos {@code Instance} to a Dubbo {@code ServiceInstance} and back, with the metadata rules
 * (size limit, weight, loopback hosts, port-mapped metadata). Named "conversion" rather than "mapping" because to a
 * Dubbo reader "mapping" means the interface-to-application service-name mapping, which lives in {@code metadata}.
 */
package dev.nacosapp.dubbo.discovery.internal.conversion;
