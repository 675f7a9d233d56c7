package dev.nacosapp.dubbo.discovery;

import dev.nacosapp.dubbo.discovery.internal.NacosAppResources;
import dev.nacosapp.dubbo.discovery.internal.client.InMemoryNacos;
import dev.nacosapp.dubbo.discovery.internal.metadata.InMemoryConfig;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.dubbo.config.ApplicationConfig;
import org.apache.dubbo.config.ProtocolConfig;
import org.apache.dubbo.config.ReferenceConfig;
import org.apache.dubbo.config.RegistryConfig;
import org.apache.dubbo.config.ServiceConfig;
import org.apache.dubbo.config.bootstrap.DubboBootstrap;
import org.apache.dubbo.rpc.model.FrameworkModel;

/**
 * Applications that Dubbo's own deployers start in this JVM, in a framework of their own whose {@code nacos-app}
 * registry talks to an {@link InMemoryNacos}: a provider of {@link Greeter} on 127.0.0.1 and a consumer of it. Call
 * {@link #destroy()} after each test. Not thread-safe.
 */
final class InProcessDubbo {
    static final String REGISTRY = "nacos-app://127.0.0.1:8848?registry-type=service&register-host=127.0.0.1";

    private final InMemoryNacos nacos = new InMemoryNacos();
    private final FrameworkModel framework = new FrameworkModel();

    InProcessDubbo() {
        framework.getBeanFactory().registerBean(new NacosAppResources(nacos, new InMemoryConfig()));
    }

    InMemoryNacos nacos() {
        return nacos;
    }

    FrameworkModel framework() {
        return framework;
    }

    /** A provider of {@link Greeter}, configured and not started. */
    DubboBootstrap provider(String application, String registry) {
        ProtocolConfig protocol = new ProtocolConfig("dubbo", -1);
        protocol.setHost("127.0.0.1");
        ServiceConfig<Greeter> service = new ServiceConfig<>();
        service.setInterface(Greeter.class);
        service.setRef(name -> "hello " + name);
        return DubboBootstrap.newInstance(framework)
                .application(application(application))
                .registry(new RegistryConfig(registry))
                .protocol(protocol)
                .service(service);
    }

    /** A consumer of {@link Greeter} from application {@code orders} that exports nothing, not started. */
    DubboBootstrap consumer(String application, String registry) {
        ReferenceConfig<Greeter> reference = new ReferenceConfig<>();
        reference.setInterface(Greeter.class);
        reference.setCheck(false);
        reference.setProvidedBy("orders");
        return DubboBootstrap.newInstance(framework)
                .application(application(application))
                .registry(new RegistryConfig(registry))
                .reference(reference);
    }

    /** An application without QoS or file cache, so that tests share no port and write no file. */
    static ApplicationConfig application(String name) {
        ApplicationConfig config = new ApplicationConfig(name);
        config.setQosEnable(false);
        config.setEnableFileCache(false);
        return config;
    }

    /** Waits until Dubbo has started the application, registration included. */
    static void awaitStarted(DubboBootstrap bootstrap) throws Exception {
        bootstrap.getApplicationModel().getDeployer().getStartFuture().get(30, TimeUnit.SECONDS);
    }

    /** Waits until Dubbo has started the application's default module, its references referred. */
    static void awaitModuleStarted(DubboBootstrap bootstrap) throws Exception {
        bootstrap
                .getApplicationModel()
                .getDefaultModule()
                .getDeployer()
                .getStartFuture()
                .get(30, TimeUnit.SECONDS);
    }

    /** The addresses Nacos holds for the application. */
    List<String> registered(String application) {
        return nacos.addresses("DEFAULT_GROUP", application);
    }

    void destroy() {
        framework.destroy();
    }

    /** The service the provider exports. */
    public interface Greeter {
        String greet(String name);
    }
}
