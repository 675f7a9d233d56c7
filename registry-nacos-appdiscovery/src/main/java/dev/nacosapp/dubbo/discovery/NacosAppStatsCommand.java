package dev.nacosapp.dubbo.discovery;

import java.util.ArrayList;
import java.util.List;
import org.apache.dubbo.qos.api.BaseCommand;
import org.apache.dubbo.qos.api.Cmd;
import org.apache.dubbo.qos.api.CommandContext;
import org.apache.dubbo.registry.client.AbstractServiceDiscoveryFactory;
import org.apache.dubbo.registry.client.ServiceDiscovery;
import org.apache.dubbo.registry.client.ServiceDiscoveryFactory;
import org.apache.dubbo.rpc.model.ApplicationModel;
import org.apache.dubbo.rpc.model.FrameworkModel;

/**
 * Dubbo QoS command {@code nacosapp}: per watched application, the instance count, the last push time and how many
 * pushes were delivered, coalesced and dropped, for every {@code nacos-app} discovery of the process; the watched
 * applications without any instance on one line. {@code nacosapp <application>} shows that application's row alone.
 * Run it with {@code telnet 127.0.0.1 22222} then {@code nacosapp}, or {@code curl http://127.0.0.1:22222/nacosapp}.
 * Stateless.
 *
 * <p>Public, in the root package with the other entry points, because Dubbo's SPI loads it by the class name in
 * {@code META-INF/dubbo}; applications select it by its extension name, not by this class.
 */
@Cmd(
        name = "nacosapp",
        summary = "Show nacos-app discovery statistics per watched application",
        example = {"nacosapp", "nacosapp orders-service"})
public class NacosAppStatsCommand implements BaseCommand {
    private final FrameworkModel frameworkModel;

    public NacosAppStatsCommand(FrameworkModel frameworkModel) {
        this.frameworkModel = frameworkModel;
    }

    @Override
    public String execute(CommandContext commandContext, String[] args) {
        List<NacosAppServiceDiscovery> discoveries = new ArrayList<NacosAppServiceDiscovery>();
        for (ApplicationModel application : frameworkModel.getApplicationModels()) {
            ServiceDiscoveryFactory factory = application
                    .getExtensionLoader(ServiceDiscoveryFactory.class)
                    .getExtension(NacosAppServiceDiscoveryFactory.NAME);
            if (factory instanceof AbstractServiceDiscoveryFactory) {
                for (ServiceDiscovery discovery :
                        ((AbstractServiceDiscoveryFactory) factory).getAllServiceDiscoveries()) {
                    if (discovery instanceof NacosAppServiceDiscovery) {
                        discoveries.add((NacosAppServiceDiscovery) discovery);
                    }
                }
            }
        }
        String only = args != null && args.length > 0 && !args[0].trim().isEmpty() ? args[0].trim() : null;
        return StatsReport.render(discoveries, only, System.currentTimeMillis());
    }
}
