package dev.nacosapp.dubbo.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.nacosapp.dubbo.discovery.internal.NacosAppResources;
import dev.nacosapp.dubbo.discovery.internal.client.InMemoryNacos;
import dev.nacosapp.dubbo.discovery.internal.dubbo.DubboLine;
import dev.nacosapp.dubbo.discovery.internal.metadata.InMemoryConfig;
import dev.nacosapp.dubbo.discovery.support.CapturedOutput;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.dubbo.config.ApplicationConfig;
import org.apache.dubbo.config.ProtocolConfig;
import org.apache.dubbo.config.ReferenceConfig;
import org.apache.dubbo.config.RegistryConfig;
import org.apache.dubbo.config.ServiceConfig;
import org.apache.dubbo.config.bootstrap.DubboBootstrap;
import org.apache.dubbo.rpc.model.FrameworkModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Dubbo's own deployers start an application whose registry is {@code nacos-app} on an in-memory Nacos: what a
 * registration during that start may do, on whichever Dubbo line the build runs.
 */
class DubboStartupTest {
    private final InMemoryNacos nacos = new InMemoryNacos();
    private final FrameworkModel framework = new FrameworkModel();

    DubboStartupTest() {
        framework.getBeanFactory().registerBean(new NacosAppResources(nacos, new InMemoryConfig()));
    }

    @AfterEach
    void destroy() {
        framework.destroy();
    }

    private DubboBootstrap provider(String application, String labels) {
        DubboBootstrap bootstrap = DubboBootstrap.newInstance(framework);
        ApplicationConfig config = new ApplicationConfig(application);
        config.setQosEnable(false);
        config.setEnableFileCache(false);
        if (!labels.isEmpty()) {
            // Dubbo copies each of dubbo.labels into the instance metadata.
            bootstrap
                    .getApplicationModel()
                    .modelEnvironment()
                    .updateAppConfigMap(Collections.singletonMap("dubbo.labels", labels));
        }
        ProtocolConfig protocol = new ProtocolConfig("dubbo", -1);
        protocol.setHost("127.0.0.1");
        ServiceConfig<Greeter> service = new ServiceConfig<>();
        service.setInterface(Greeter.class);
        service.setRef(name -> "hello " + name);
        return bootstrap
                .application(config)
                .registry(
                        new RegistryConfig("nacos-app://127.0.0.1:8848?registry-type=service&register-host=127.0.0.1"))
                .protocol(protocol)
                .service(service);
    }

    private List<String> registered(String application) {
        return nacos.addresses("DEFAULT_GROUP", application);
    }

    @Test
    void anApplicationStartedByDubboIsRegisteredWhenItsStartReturns() throws Exception {
        DubboBootstrap bootstrap = provider("orders", "");

        bootstrap.start();
        bootstrap.getApplicationModel().getDeployer().getStartFuture().get(30, TimeUnit.SECONDS);

        assertThat(registered("orders")).singleElement().asString().startsWith("127.0.0.1:");
    }

    @Test
    void metadataOverTheServerLimitStopsTheStartDubboRuns() {
        DubboBootstrap bootstrap = provider("orders", "blob=" + "x".repeat(2000));

        Throwable failure = catchThrowable(bootstrap::start);

        assertThat(failure).as("what the start threw").isNotNull();
        assertThat(causes(failure)).as("the causes of " + failure).anySatisfy(cause -> assertThat(cause)
                .isInstanceOf(NacosAppStartupError.class)
                .hasMessageContaining("largest keys: blob"));
        assertThat(registered("orders")).isEmpty();
    }

    @Test
    void aProviderWithRegisterConsumerFalseIsRegisteredOn33AndNamedAtErrorOn32WhereDubboDoesNotRegisterIt()
            throws Exception {
        DubboBootstrap bootstrap = provider("orders", "");
        bootstrap
                .getApplicationModel()
                .getApplicationConfigManager()
                .getApplicationOrElseThrow()
                .setRegisterConsumer(false);

        String log;
        try (CapturedOutput output = CapturedOutput.start()) {
            bootstrap.start();
            bootstrap.getApplicationModel().getDeployer().getStartFuture().get(30, TimeUnit.SECONDS);
            log = output.text();
        }

        if (DubboLine.running() == DubboLine.V3_2) {
            assertThat(registered("orders"))
                    .as("Dubbo 3.2 registers no instance")
                    .isEmpty();
            assertThat(log)
                    .contains("will not register application 'orders'")
                    .contains("dubbo.application.register-consumer=false");
        } else {
            assertThat(registered("orders")).singleElement().asString().startsWith("127.0.0.1:");
            assertThat(log).doesNotContain("will not register application");
        }
    }

    @Test
    void aConsumerWithoutServicesIsNeverRegistered() throws Exception {
        DubboBootstrap bootstrap = DubboBootstrap.newInstance(framework);
        ApplicationConfig config = new ApplicationConfig("web");
        config.setQosEnable(false);
        config.setEnableFileCache(false);
        ReferenceConfig<Greeter> reference = new ReferenceConfig<>();
        reference.setInterface(Greeter.class);
        reference.setCheck(false);
        reference.setProvidedBy("orders");
        bootstrap
                .application(config)
                .registry(
                        new RegistryConfig("nacos-app://127.0.0.1:8848?registry-type=service&register-host=127.0.0.1"))
                .reference(reference);

        bootstrap.start();
        bootstrap
                .getApplicationModel()
                .getDefaultModule()
                .getDeployer()
                .getStartFuture()
                .get(30, TimeUnit.SECONDS);

        // Dubbo 3.2 registers consumers by default (3.3 does not: registerConsumer), but an instance without an
        // exported
        // service has no port, which Dubbo itself does not register on either line.
        assertThat(nacos.operations()).contains("subscribe orders").noneMatch(op -> op.startsWith("register"));
    }

    private static List<Throwable> causes(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = failure; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    /** The service the provider exports. */
    public interface Greeter {
        String greet(String name);
    }
}
