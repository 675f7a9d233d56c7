package dev.nacosapp.dubbo.discovery;

import org.apache.dubbo.common.extension.Activate;
import org.apache.dubbo.qos.probe.StartupProbe;
import org.apache.dubbo.rpc.model.FrameworkModel;

/**
 * Dubbo QoS startup probe {@code nacos-app} ({@code /startup}): false until Nacos has accepted the instance of every
 * application of the process that registers one through {@code nacos-app}, true from then on for good. A consumer
 * that registers nothing passes once Dubbo has started it. Active by default, as Dubbo's own probes are; an
 * application leaves it out with {@code dubbo.application.startup-probe=-nacos-app}. Thread-safe.
 *
 * <p>Public, in the root package with the other entry points, because Dubbo's SPI loads it by the class name in
 * {@code META-INF/dubbo}; applications select it by its extension name, not by this class.
 */
@Activate
public class NacosAppStartupProbe implements StartupProbe {
    private final RegistrationGate gate;

    public NacosAppStartupProbe(FrameworkModel framework) {
        this.gate = new RegistrationGate(framework);
    }

    @Override
    public boolean check() {
        return gate.isOpen();
    }
}
