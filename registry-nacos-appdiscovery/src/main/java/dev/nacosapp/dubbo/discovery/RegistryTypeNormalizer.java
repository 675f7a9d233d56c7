package dev.nacosapp.dubbo.discovery;

import static org.apache.dubbo.common.constants.LoggerCodeConstants.REGISTRY_NACOS_EXCEPTION;

import dev.nacosapp.dubbo.discovery.internal.dubbo.NacosAppRegistries;
import java.util.HashMap;
import java.util.Map;
import org.apache.dubbo.common.constants.RegistryConstants;
import org.apache.dubbo.common.deploy.ModuleDeployListener;
import org.apache.dubbo.common.logger.ErrorTypeAwareLogger;
import org.apache.dubbo.common.logger.LoggerFactory;
import org.apache.dubbo.config.RegistryConfig;
import org.apache.dubbo.rpc.model.ModuleModel;

/**
 * Makes {@code nacos-app://host:8848} without {@code registry-type=service} mean application-level discovery, as
 * that is the only kind {@code nacos-app} provides. Without this, Dubbo would also ask for an interface-level
 * registry of that name and fail (or, for other names, silently use a different discovery). Runs when a module is
 * initialised, after the registries are configured and before any service is exported or referenced. Stateless.
 *
 * <p>Says so at WARN: an address without {@code registry-type} is what users of Dubbo's default {@code nacos://}
 * write, and there it means {@code register-mode=all}, interface level included. Changing only the scheme drops the
 * interface level, and the failure ("No provider available") shows up later in other applications, the consumers
 * that read only that level. Adding {@code registry-type=service} to the address, once checked, silences it.
 */
public class RegistryTypeNormalizer implements ModuleDeployListener {
    private static final ErrorTypeAwareLogger LOGGER =
            LoggerFactory.getErrorTypeAwareLogger(RegistryTypeNormalizer.class);

    @Override
    public void onInitialize(ModuleModel module) {
        for (RegistryConfig registry :
                module.getApplicationModel().getApplicationConfigManager().getRegistries()) {
            if (!NacosAppRegistries.isNacosApp(registry)) {
                continue;
            }
            Map<String, String> parameters = registry.getParameters();
            String type = parameters == null ? null : parameters.get(RegistryConstants.REGISTRY_TYPE_KEY);
            if (type == null) {
                // A mutable map: Dubbo installs it as the registry's parameters when there were none, and later
                // configuration (Spring Boot binding, a user's putAll) writes into it.
                Map<String, String> added = new HashMap<String, String>();
                added.put(RegistryConstants.REGISTRY_TYPE_KEY, RegistryConstants.SERVICE_REGISTRY_TYPE);
                registry.updateParameters(added);
                LOGGER.warn(
                        REGISTRY_NACOS_EXCEPTION,
                        "registry without registry-type",
                        "",
                        "nacos-app: registry " + withoutCredentials(registry.getAddress())
                                + " has no registry-type; using registry-type=service: application level only."
                                + " Unlike Dubbo's default for nacos:// (register-mode=all), nothing is registered at"
                                + " interface level, so consumers that read only that (Dubbo 2.7,"
                                + " migration=FORCE_INTERFACE) find no provider of this application: register for them"
                                + " through a nacos:// registry with register-mode=interface beside this one (the"
                                + " dual-registry recipe of docs/migration.md). Add registry-type=service to the address to silence this.");
            }
            // Any other registry-type reaches NacosAppRegistryFactory, which stops startup saying what to change:
            // Dubbo only logs what a deploy listener throws.
        }
    }

    /**
     * The address as far as the port: the user part ({@code user:secret@}) and the parameters ({@code ?password=})
     * can hold credentials, which nacos-app never logs.
     */
    static String withoutCredentials(String address) {
        if (address == null) {
            return null;
        }
        String shown = address;
        int query = shown.indexOf('?');
        if (query >= 0) {
            shown = shown.substring(0, query);
        }
        int scheme = shown.indexOf("://");
        int hostStart = scheme < 0 ? 0 : scheme + 3;
        int userEnd = shown.lastIndexOf('@');
        if (userEnd >= hostStart) {
            shown = shown.substring(0, hostStart) + shown.substring(userEnd + 1);
        }
        return shown;
    }

    @Override
    public void onStarting(ModuleModel module) {}

    @Override
    public void onStarted(ModuleModel module) {}

    @Override
    public void onStopping(ModuleModel module) {}

    @Override
    public void onStopped(ModuleModel module) {}

    @Override
    public void onFailure(ModuleModel module, Throwable cause) {}
}
