package dev.nacosapp.dubbo.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.apache.dubbo.common.URL;
import org.apache.dubbo.common.constants.CommonConstants;
import org.apache.dubbo.config.ApplicationConfig;
import org.apache.dubbo.config.bootstrap.DubboBootstrap;
import org.apache.dubbo.qos.api.BaseCommand;
import org.apache.dubbo.qos.api.CommandContext;
import org.apache.dubbo.qos.probe.LivenessProbe;
import org.apache.dubbo.qos.probe.ReadinessProbe;
import org.apache.dubbo.qos.probe.StartupProbe;
import org.apache.dubbo.rpc.model.FrameworkModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code nacos-app} startup and readiness probes on applications that Dubbo's own deployers start on an in-memory
 * Nacos, asked directly and through Dubbo's {@code startup} and {@code ready} QoS commands.
 */
class NacosAppProbesTest {
    private static final String REGISTRY = InProcessDubbo.REGISTRY + "&retry-max-delay=1s";

    private final InProcessDubbo dubbo = new InProcessDubbo();
    private final FrameworkModel framework = dubbo.framework();

    @AfterEach
    void destroy() {
        dubbo.destroy();
    }

    private StartupProbe startupProbe() {
        return framework.getExtensionLoader(StartupProbe.class).getExtension("nacos-app");
    }

    private ReadinessProbe readinessProbe() {
        return framework.getExtensionLoader(ReadinessProbe.class).getExtension("nacos-app");
    }

    private DubboBootstrap provider(String application, String check) {
        return dubbo.provider(application, REGISTRY + "&check=" + check);
    }

    /**
     * What Dubbo's QoS command answers over HTTP: the status code and the body. Asked of {@code startup} only when the
     * answer should be 200: the framework here also holds an application that is never started (created with the
     * framework's beans), which keeps Dubbo's own deployer readiness probe, and so {@code ready}, at 503.
     */
    private String ask(String command) {
        CommandContext context = new CommandContext(command);
        String body = framework
                .getExtensionLoader(BaseCommand.class)
                .getExtension(command)
                .execute(context, new String[0]);
        return context.getHttpCode() + " " + body;
    }

    @Test
    void areActivatedByDefaultForStartupAndReadinessAndNeverForLiveness() {
        URL url = URL.valueOf("application://");

        assertThat(framework
                        .getExtensionLoader(StartupProbe.class)
                        .getActivateExtension(url, CommonConstants.QOS_STARTUP_PROBE_EXTENSION))
                .hasAtLeastOneElementOfType(NacosAppStartupProbe.class);
        assertThat(framework
                        .getExtensionLoader(ReadinessProbe.class)
                        .getActivateExtension(url, CommonConstants.QOS_READY_PROBE_EXTENSION))
                .hasAtLeastOneElementOfType(NacosAppReadinessProbe.class);
        assertThat(framework.getExtensionLoader(LivenessProbe.class).getSupportedExtensions())
                .as("nacos-app has no liveness probe")
                .doesNotContain("nacos-app");
    }

    @Test
    void passOnceDubboHasStartedAnApplicationWhoseRegistrationNacosAccepted() throws Exception {
        DubboBootstrap bootstrap = provider("orders", "true");
        assertThat(startupProbe().check()).as("configured, not started").isFalse();

        bootstrap.start();
        InProcessDubbo.awaitStarted(bootstrap);

        assertThat(dubbo.registered("orders")).hasSize(1);
        assertThat(startupProbe().check()).isTrue();
        assertThat(readinessProbe().check()).isTrue();
    }

    @Test
    void holdARefusedRegistrationBackUntilARetryIsAccepted() throws Exception {
        DubboBootstrap bootstrap = provider("orders", "false");
        // Refused by a server that answers: the registration at start and the first background retry.
        dubbo.nacos().failNext(2, 503, "Tps Flow restricted");

        bootstrap.start();
        InProcessDubbo.awaitStarted(bootstrap);

        assertThat(dubbo.registered("orders")).as("refused at start").isEmpty();
        assertThat(startupProbe().check()).isFalse();
        assertThat(readinessProbe().check()).isFalse();
        assertThat(ask("startup")).isEqualTo("503 false");
        await().atMost(Duration.ofSeconds(15))
                .until(() -> dubbo.registered("orders").size() == 1);
        assertThat(startupProbe().check()).isTrue();
        assertThat(readinessProbe().check()).isTrue();
        assertThat(ask("startup")).isEqualTo("200 true");
    }

    @Test
    void holdBackAnApplicationStartedWhileNacosIsAwayUntilNacosAcceptsItsInstance() throws Exception {
        dubbo.nacos().setUp(false);
        DubboBootstrap bootstrap = provider("orders", "false");

        bootstrap.start();
        InProcessDubbo.awaitStarted(bootstrap);

        assertThat(startupProbe().check()).isFalse();
        assertThat(readinessProbe().check()).isFalse();
        dubbo.nacos().setUp(true);
        await().atMost(Duration.ofSeconds(15)).until(() -> startupProbe().check());
        assertThat(dubbo.registered("orders")).hasSize(1);
        assertThat(readinessProbe().check()).isTrue();
    }

    @Test
    void stayTrueWhenNacosGoesAwayAfterAcceptingTheInstance() throws Exception {
        DubboBootstrap bootstrap = provider("orders", "false");
        bootstrap.start();
        InProcessDubbo.awaitStarted(bootstrap);
        assertThat(startupProbe().check()).isTrue();
        assertThat(readinessProbe().check()).isTrue();

        dubbo.nacos().setUp(false);

        assertThat(startupProbe().check()).isTrue();
        assertThat(readinessProbe().check()).isTrue();
        assertThat(ask("startup")).isEqualTo("200 true");
        assertThat(new RegistrationGate(framework).isOpen())
                .as("not only remembered by the probes: an accepted registration never waits again")
                .isTrue();
    }

    @Test
    void doNotHoldBackAConsumerThatRegistersNothing() throws Exception {
        DubboBootstrap bootstrap = dubbo.consumer("web", REGISTRY + "&check=false");
        dubbo.nacos().setUp(false);

        bootstrap.start();
        InProcessDubbo.awaitModuleStarted(bootstrap);
        await().atMost(Duration.ofSeconds(15))
                .until(() -> bootstrap.getApplicationModel().getDeployer().isStarted());

        assertThat(startupProbe().check())
                .as("Nacos still away, nothing to register")
                .isTrue();
        assertThat(readinessProbe().check()).isTrue();
    }

    @Test
    void doNotLookAtApplicationsWithoutANacosAppRegistry() {
        DubboBootstrap.newInstance(framework).application(InProcessDubbo.application("elsewhere"));

        assertThat(startupProbe().check()).isTrue();
        assertThat(readinessProbe().check()).isTrue();
    }

    @Test
    void canBeLeftOutWithDubbosOwnProbeSettings() throws Exception {
        DubboBootstrap bootstrap = provider("orders", "false");
        ApplicationConfig application =
                bootstrap.getApplicationModel().getApplicationConfigManager().getApplicationOrElseThrow();
        application.setStartupProbe("-nacos-app");
        application.setReadinessProbe("-nacos-app");
        dubbo.nacos().setUp(false);

        bootstrap.start();
        InProcessDubbo.awaitStarted(bootstrap);

        assertThat(startupProbe().check()).isFalse();
        assertThat(ask("startup")).isEqualTo("200 true");
        assertThat(framework
                        .getExtensionLoader(ReadinessProbe.class)
                        .getActivateExtension(
                                URL.valueOf("application://")
                                        .addParameter(CommonConstants.QOS_READY_PROBE_EXTENSION, "-nacos-app"),
                                CommonConstants.QOS_READY_PROBE_EXTENSION))
                .isNotEmpty()
                .noneMatch(NacosAppReadinessProbe.class::isInstance);
    }
}
