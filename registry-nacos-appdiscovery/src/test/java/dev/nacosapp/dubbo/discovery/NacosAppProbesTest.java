package dev.nacosapp.dubbo.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nacosapp.dubbo.discovery.internal.NacosAppResources;
import dev.nacosapp.dubbo.discovery.internal.client.InMemoryNacos;
import dev.nacosapp.dubbo.discovery.internal.metadata.InMemoryConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.dubbo.common.URL;
import org.apache.dubbo.common.constants.CommonConstants;
import org.apache.dubbo.config.ApplicationConfig;
import org.apache.dubbo.config.ProtocolConfig;
import org.apache.dubbo.config.ReferenceConfig;
import org.apache.dubbo.config.RegistryConfig;
import org.apache.dubbo.config.ServiceConfig;
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
    private static final String REGISTRY =
            "nacos-app://127.0.0.1:8848?registry-type=service&register-host=127.0.0.1&retry-max-delay=1s";

    private final InMemoryNacos nacos = new InMemoryNacos();
    private final FrameworkModel framework = new FrameworkModel();

    NacosAppProbesTest() {
        framework.getBeanFactory().registerBean(new NacosAppResources(nacos, new InMemoryConfig()));
    }

    @AfterEach
    void destroy() {
        framework.destroy();
    }

    private StartupProbe startupProbe() {
        return framework.getExtensionLoader(StartupProbe.class).getExtension("nacos-app");
    }

    private ReadinessProbe readinessProbe() {
        return framework.getExtensionLoader(ReadinessProbe.class).getExtension("nacos-app");
    }

    private DubboBootstrap provider(String application, String check) {
        DubboBootstrap bootstrap = DubboBootstrap.newInstance(framework);
        ProtocolConfig protocol = new ProtocolConfig("dubbo", -1);
        protocol.setHost("127.0.0.1");
        ServiceConfig<Greeter> service = new ServiceConfig<>();
        service.setInterface(Greeter.class);
        service.setRef(name -> "hello " + name);
        return bootstrap
                .application(application(application))
                .registry(new RegistryConfig(REGISTRY + "&check=" + check))
                .protocol(protocol)
                .service(service);
    }

    private static ApplicationConfig application(String name) {
        ApplicationConfig config = new ApplicationConfig(name);
        config.setQosEnable(false);
        config.setEnableFileCache(false);
        return config;
    }

    private static void awaitStarted(DubboBootstrap bootstrap) throws Exception {
        bootstrap.getApplicationModel().getDeployer().getStartFuture().get(30, TimeUnit.SECONDS);
    }

    private List<String> registered(String application) {
        return nacos.addresses("DEFAULT_GROUP", application);
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
        awaitStarted(bootstrap);

        assertThat(registered("orders")).hasSize(1);
        assertThat(startupProbe().check()).isTrue();
        assertThat(readinessProbe().check()).isTrue();
    }

    @Test
    void holdARefusedRegistrationBackUntilARetryIsAccepted() throws Exception {
        DubboBootstrap bootstrap = provider("orders", "false");
        // Refused by a server that answers: the registration at start and the first background retry.
        nacos.failNext(2, 503, "Tps Flow restricted");

        bootstrap.start();
        awaitStarted(bootstrap);

        assertThat(registered("orders")).as("refused at start").isEmpty();
        assertThat(startupProbe().check()).isFalse();
        assertThat(readinessProbe().check()).isFalse();
        assertThat(ask("startup")).isEqualTo("503 false");
        await().atMost(Duration.ofSeconds(15)).until(() -> registered("orders").size() == 1);
        assertThat(startupProbe().check()).isTrue();
        assertThat(readinessProbe().check()).isTrue();
        assertThat(ask("startup")).isEqualTo("200 true");
    }

    @Test
    void holdBackAnApplicationStartedWhileNacosIsAwayUntilNacosAcceptsItsInstance() throws Exception {
        nacos.setUp(false);
        DubboBootstrap bootstrap = provider("orders", "false");

        bootstrap.start();
        awaitStarted(bootstrap);

        assertThat(startupProbe().check()).isFalse();
        assertThat(readinessProbe().check()).isFalse();
        nacos.setUp(true);
        await().atMost(Duration.ofSeconds(15)).until(() -> startupProbe().check());
        assertThat(registered("orders")).hasSize(1);
        assertThat(readinessProbe().check()).isTrue();
    }

    @Test
    void stayTrueWhenNacosGoesAwayAfterAcceptingTheInstance() throws Exception {
        DubboBootstrap bootstrap = provider("orders", "false");
        bootstrap.start();
        awaitStarted(bootstrap);
        assertThat(startupProbe().check()).isTrue();
        assertThat(readinessProbe().check()).isTrue();

        nacos.setUp(false);

        assertThat(startupProbe().check()).isTrue();
        assertThat(readinessProbe().check()).isTrue();
        assertThat(ask("startup")).isEqualTo("200 true");
        assertThat(new RegistrationGate(framework).isOpen())
                .as("not only remembered by the probes: an accepted registration never waits again")
                .isTrue();
    }

    @Test
    void doNotHoldBackAConsumerThatRegistersNothing() throws Exception {
        DubboBootstrap bootstrap = DubboBootstrap.newInstance(framework);
        ReferenceConfig<Greeter> reference = new ReferenceConfig<>();
        reference.setInterface(Greeter.class);
        reference.setCheck(false);
        reference.setProvidedBy("orders");
        bootstrap
                .application(application("web"))
                .registry(new RegistryConfig(REGISTRY + "&check=false"))
                .reference(reference);
        nacos.setUp(false);

        bootstrap.start();
        bootstrap
                .getApplicationModel()
                .getDefaultModule()
                .getDeployer()
                .getStartFuture()
                .get(30, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(15))
                .until(() -> bootstrap.getApplicationModel().getDeployer().isStarted());

        assertThat(startupProbe().check())
                .as("Nacos still away, nothing to register")
                .isTrue();
        assertThat(readinessProbe().check()).isTrue();
    }

    @Test
    void doNotLookAtApplicationsWithoutANacosAppRegistry() {
        DubboBootstrap.newInstance(framework).application(application("elsewhere"));

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
        nacos.setUp(false);

        bootstrap.start();
        awaitStarted(bootstrap);

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

    /** The service the provider exports. */
    public interface Greeter {
        String greet(String name);
    }
}
