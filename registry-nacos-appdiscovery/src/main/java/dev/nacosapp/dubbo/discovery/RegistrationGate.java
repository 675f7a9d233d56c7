package dev.nacosapp.dubbo.discovery;

import dev.nacosapp.dubbo.discovery.internal.NacosAppResources;
import dev.nacosapp.dubbo.discovery.internal.dubbo.NacosAppRegistries;
import org.apache.dubbo.common.deploy.ApplicationDeployer;
import org.apache.dubbo.rpc.model.ApplicationModel;
import org.apache.dubbo.rpc.model.FrameworkModel;

/**
 * Whether Nacos has accepted every instance the framework's {@code nacos-app} applications register: closed until
 * each application with a {@code nacos-app} registry has started and no registration of theirs waits for Nacos any
 * more, then open for good.
 *
 * <p>Why "started": Dubbo registers an application's instance before it marks the application started (on 3.2 and
 * 3.3 alike), so a started application that has nothing waiting registers nothing (a consumer) or was accepted.
 * Before that, nothing tells an application that will register from one that will not. Why "for good": once
 * accepted, an instance is Nacos' business; a later Nacos outage neither stops this process's Dubbo traffic, which
 * does not go through Kubernetes Services, nor is anything a probe's answer could fix. Applications without a
 * {@code nacos-app} registry are not looked at. Thread-safe; asks nothing remote and never blocks.
 */
final class RegistrationGate {
    private final FrameworkModel framework;
    private volatile boolean open;

    RegistrationGate(FrameworkModel framework) {
        this.framework = framework;
    }

    boolean isOpen() {
        if (open) {
            return true;
        }
        boolean anyNacosApp = false;
        for (ApplicationModel application : framework.getApplicationModels()) {
            if (!NacosAppRegistries.usesNacosApp(application)) {
                continue;
            }
            anyNacosApp = true;
            ApplicationDeployer deployer = application.getDeployer();
            if (deployer == null || !deployer.isStarted()) {
                return false;
            }
        }
        if (!anyNacosApp) {
            // Nothing of ours to wait for; not latched, a nacos-app application may still be configured.
            return true;
        }
        NacosAppResources resources = framework.getBeanFactory().getBean(NacosAppResources.class);
        if (resources != null && resources.registrations().anyAwaitsAcceptance()) {
            return false;
        }
        open = true;
        return true;
    }
}
