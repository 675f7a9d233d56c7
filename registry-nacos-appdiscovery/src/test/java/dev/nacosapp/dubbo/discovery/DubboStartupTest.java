package dev.nacosapp.dubbo.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.nacosapp.dubbo.discovery.internal.dubbo.DubboLine;
import dev.nacosapp.dubbo.discovery.support.CapturedOutput;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.dubbo.config.bootstrap.DubboBootstrap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Dubbo's own deployers start an application whose registry is {@code nacos-app} on an in-memory Nacos: what a
 * registration during that start may do, on whichever Dubbo line the build runs.
 */
class DubboStartupTest {
    private final InProcessDubbo dubbo = new InProcessDubbo();

    @AfterEach
    void destroy() {
        dubbo.destroy();
    }

    private DubboBootstrap provider(String application, String labels) {
        DubboBootstrap bootstrap = dubbo.provider(application, InProcessDubbo.REGISTRY);
        if (!labels.isEmpty()) {
            // Dubbo copies each of dubbo.labels into the instance metadata.
            bootstrap
                    .getApplicationModel()
                    .modelEnvironment()
                    .updateAppConfigMap(Collections.singletonMap("dubbo.labels", labels));
        }
        return bootstrap;
    }

    @Test
    void anApplicationStartedByDubboIsRegisteredWhenItsStartReturns() throws Exception {
        DubboBootstrap bootstrap = provider("orders", "");

        bootstrap.start();
        InProcessDubbo.awaitStarted(bootstrap);

        assertThat(dubbo.registered("orders")).singleElement().asString().startsWith("127.0.0.1:");
    }

    @Test
    void metadataOverTheServerLimitStopsTheStartDubboRuns() {
        DubboBootstrap bootstrap = provider("orders", "blob=" + "x".repeat(2000));

        Throwable failure = catchThrowable(bootstrap::start);

        assertThat(failure).as("what the start threw").isNotNull();
        assertThat(causes(failure)).as("the causes of " + failure).anySatisfy(cause -> assertThat(cause)
                .isInstanceOf(NacosAppStartupError.class)
                .hasMessageContaining("largest keys: blob"));
        assertThat(dubbo.registered("orders")).isEmpty();
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
            InProcessDubbo.awaitStarted(bootstrap);
            log = output.text();
        }

        if (DubboLine.running() == DubboLine.V3_2) {
            assertThat(dubbo.registered("orders"))
                    .as("Dubbo 3.2 registers no instance")
                    .isEmpty();
            assertThat(log)
                    .contains("will not register application 'orders'")
                    .contains("dubbo.application.register-consumer=false");
        } else {
            assertThat(dubbo.registered("orders")).singleElement().asString().startsWith("127.0.0.1:");
            assertThat(log).doesNotContain("will not register application");
        }
    }

    @Test
    void aConsumerWithoutServicesIsNeverRegistered() throws Exception {
        DubboBootstrap bootstrap = dubbo.consumer("web", InProcessDubbo.REGISTRY);

        bootstrap.start();
        InProcessDubbo.awaitModuleStarted(bootstrap);

        // Dubbo 3.2 registers consumers by default (3.3 does not: registerConsumer), but an instance without an
        // exported service has no port, which Dubbo itself does not register on either line.
        assertThat(dubbo.nacos().operations()).contains("subscribe orders").noneMatch(op -> op.startsWith("register"));
    }

    private static List<Throwable> causes(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = failure; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }
}
