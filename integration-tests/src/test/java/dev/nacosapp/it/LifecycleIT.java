package dev.nacosapp.it;

import static dev.nacosapp.it.support.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.alibaba.nacos.api.naming.remote.request.InstanceRequest;
import com.alibaba.nacos.api.naming.remote.request.SubscribeServiceRequest;
import dev.nacosapp.it.app.Consumer;
import dev.nacosapp.it.app.EchoService;
import dev.nacosapp.it.app.ProviderApp;
import dev.nacosapp.it.app.ProviderSpec;
import dev.nacosapp.it.support.Causes;
import dev.nacosapp.it.support.FreePorts;
import dev.nacosapp.it.support.Names;
import dev.nacosapp.it.support.ProviderProcess;
import dev.nacosapp.it.support.Registry;
import dev.nacosapp.it.support.Started;
import dev.nacosapp.testkit.embedded.EmbeddedNacosServer;
import dev.nacosapp.testkit.embedded.handler.RequestRouter;
import dev.nacosapp.testkit.http.RegisteredInstance;
import dev.nacosapp.testkit.junit.WithNacos;
import dev.nacosapp.testkit.server.NacosTarget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #9, items 1 and 2, through a real Dubbo deployer: a service exported after startup (Dubbo's export delay)
 * registers on Dubbo's refresh task, where a refusal must be retried and metadata over the limit must be said once,
 * never thrown as an {@code Error} that ends the task; and a reference created while the application runs, whose
 * subscription the server refuses once, must still follow its provider application. The refusals are faults of the
 * embedded server, so these tests need the embedded target.
 */
@WithNacos
class LifecycleIT {

    private static final int EXPORT_DELAY_MILLIS = 4000;

    private static final String OVERSIZED = "x".repeat(1100);

    private final String namespace = Names.unique("it-lifecycle");

    private final String application = Names.unique("lifecycle-provider");

    private final Started started = new Started();

    @AfterEach
    void stopAll() throws Exception {
        started.close();
    }

    @Test
    void aDelayedExportWhoseFirstRegistrationIsRefusedIsRegisteredOnceNacosAccepts(NacosTarget nacos) {
        EmbeddedNacosServer server = nacos.requireEmbedded("Refusing a delayed export's first registration");
        Registry registry = Registry.of(nacos).namespace(namespace);
        ProviderSpec spec = spec("lifecycle-1", registry).withExportDelay(EXPORT_DELAY_MILLIS);

        ProviderProcess provider = started.add(ProviderProcess.start(getClass(), spec));
        server.faults().refuseNextRequests(1, InstanceRequest.class);

        eventually().untilAsserted(() -> assertThat(nacos.http().instances(namespace, "", application))
                .extracting(RegisteredInstance::port)
                .containsExactly(spec.port()));
        assertThat(provider.output()).doesNotContain("NacosAppStartupError");
        Consumer consumer =
                started.add(Consumer.of(registry.address(), application).start());
        eventually().ignoreExceptions().until(consumer::whoAmI, "lifecycle-1"::equals);
    }

    @Test
    void aDelayedExportWithMetadataOverTheLimitKeepsRunningAndSaysWhyOnce(NacosTarget nacos) {
        Registry registry = Registry.of(nacos).namespace(namespace);
        ProviderSpec spec = spec("lifecycle-2", registry)
                .withExportDelay(EXPORT_DELAY_MILLIS)
                .withLabel("blob", OVERSIZED);

        ProviderProcess provider = started.add(ProviderProcess.start(getClass(), spec));

        String refusal = "is not registered; this application stays unregistered until its metadata fits";
        eventually().until(() -> provider.output().contains(refusal));
        // Dubbo's refresh task keeps running every second: the refusal is still said once, and nothing registers.
        eventually()
                .during(Duration.ofSeconds(3))
                .until(() -> provider.isAlive()
                        && occurrences(provider.output(), refusal) == 1
                        && nacos.http().instances(namespace, "", application).isEmpty());
        assertThat(provider.output()).contains("largest keys: blob (1104)").doesNotContain("NacosAppStartupError");
    }

    @Test
    void aReferenceCreatedAtRuntimeWhoseSubscribeIsRefusedStillFollowsItsProviders(NacosTarget nacos) {
        EmbeddedNacosServer server = nacos.requireEmbedded("Refusing one subscription");
        Registry registry = Registry.of(nacos).namespace(namespace);
        String other = Names.unique("lifecycle-other");
        started.add(ProviderApp.start(spec("lifecycle-3", registry)));
        started.add(ProviderApp.start(
                ProviderSpec.of(other, "other-1", registry.address()).withProtocol("dubbo", FreePorts.next())));
        Consumer consumer =
                started.add(Consumer.of(registry.address(), application).start());
        eventually().ignoreExceptions().until(consumer::whoAmI, "lifecycle-3"::equals);

        server.faults().refuseNextRequests(1, SubscribeServiceRequest.class);
        Throwable refused = catchThrowable(() -> consumer.refer(other));

        // With check=true the refusal is thrown, and undone so that referring again subscribes afresh.
        assertThat(Causes.of(refused)).extracting(Throwable::getMessage).anySatisfy(message -> assertThat(message)
                .contains("subscribing to application '" + other + "'")
                .contains(RequestRouter.REFUSED_MESSAGE));
        EchoService service = consumer.refer(other);
        eventually().ignoreExceptions().until(service::whoAmI, "other-1"::equals);

        started.add(ProviderApp.start(
                ProviderSpec.of(other, "other-2", registry.address()).withProtocol("dubbo", FreePorts.next())));
        eventually().ignoreExceptions().until(() -> answeredBy(service, 20).contains("other-2"));
    }

    private static List<String> answeredBy(EchoService service, int calls) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            names.add(service.whoAmI());
        }
        return names;
    }

    private static int occurrences(String text, String part) {
        Matcher matcher = Pattern.compile(Pattern.quote(part)).matcher(text);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }

    private ProviderSpec spec(String name, Registry registry) {
        return ProviderSpec.of(application, name, registry.address()).withProtocol("dubbo", FreePorts.next());
    }
}
