package dev.nacosapp.dubbo.discovery;

import org.apache.dubbo.common.URL;
import org.apache.dubbo.registry.Registry;
import org.apache.dubbo.registry.RegistryFactory;

/**
 * Answers Dubbo when it asks for an interface-level registry named {@code nacos-app}. {@link RegistryTypeNormalizer}
 * normally makes every {@code nacos-app://} registry application-level before that can happen; if a registry still
 * reaches here (for example one created after startup), this fails with what to change instead of Dubbo's bare
 * "No such extension". Stateless.
 */
public class NacosAppRegistryFactory implements RegistryFactory {

    @Override
    public Registry getRegistry(URL url) {
        throw new NacosAppStartupError("nacos-app provides application-level service discovery only, but registry '"
                + url.getAddress() + "' is used for interface-level registration. Add registry-type=service to the"
                + " address, e.g. dubbo.registry.address=nacos-app://" + url.getAddress()
                + "?registry-type=service (and leave dubbo.registry.register-mode at instance).");
    }
}
