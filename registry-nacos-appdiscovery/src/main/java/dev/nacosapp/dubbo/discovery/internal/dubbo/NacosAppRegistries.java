package dev.nacosapp.dubbo.discovery.internal.dubbo;

import org.apache.dubbo.config.RegistryConfig;
import org.apache.dubbo.rpc.model.ApplicationModel;

/** Which of an application's configured registries are {@code nacos-app} ones. Stateless. */
public final class NacosAppRegistries {
    /** The registry address scheme, which is also the name of every nacos-app extension Dubbo loads by name. */
    public static final String SCHEME = "nacos-app";

    private NacosAppRegistries() {}

    /**
     * Whether the registry is a {@code nacos-app} one: its protocol (Dubbo sets it from the address), or an address
     * that starts with {@code nacos-app://} where the protocol is not filled in yet.
     */
    public static boolean isNacosApp(RegistryConfig registry) {
        if (SCHEME.equals(registry.getProtocol())) {
            return true;
        }
        String address = registry.getAddress();
        return address != null && address.startsWith(SCHEME + "://");
    }

    /**
     * Whether the application has a {@code nacos-app} registry configured. Known from its configuration as soon as
     * Dubbo loaded it, before any discovery exists: Dubbo creates a discovery only at the first export or reference.
     */
    public static boolean usesNacosApp(ApplicationModel application) {
        for (RegistryConfig registry : application.getApplicationConfigManager().getRegistries()) {
            if (isNacosApp(registry)) {
                return true;
            }
        }
        return false;
    }
}
