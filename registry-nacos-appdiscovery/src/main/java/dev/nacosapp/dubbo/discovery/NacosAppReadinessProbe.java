package dev.nacosapp.dubbo.discovery;

import org.apache.dubbo.common.extension.Activate;
import org.apache.dubbo.qos.probe.ReadinessProbe;
import org.apache.dubbo.rpc.model.FrameworkModel;

/**
 * Dubbo QoS readiness probe {@code nacos-app} ({@code /ready}): the same answer as {@link NacosAppStartupProbe}, for
 * deployments whose pods have a readiness probe and no startup probe. Once true it stays true, also while Nacos is
 * unreachable: a readiness probe that followed Nacos would take every pod of the fleet out of its Service endpoints
 * during one Nacos outage, while their Dubbo traffic does not depend on it. Dubbo's own readiness probes still
 * decide the rest ({@code offline}, shutdown). Active by default; an application leaves it out with
 * {@code dubbo.application.readiness-probe=-nacos-app}. Thread-safe.
 *
 * <p>Public, in the root package with the other entry points, because Dubbo's SPI loads it by the class name in
 * {@code META-INF/dubbo}; applications select it by its extension name, not by this class.
 */
@Activate
public class NacosAppReadinessProbe implements ReadinessProbe {
    private final RegistrationGate gate;

    public NacosAppReadinessProbe(FrameworkModel framework) {
        this.gate = new RegistrationGate(framework);
    }

    @Override
    public boolean check() {
        return gate.isOpen();
    }
}
