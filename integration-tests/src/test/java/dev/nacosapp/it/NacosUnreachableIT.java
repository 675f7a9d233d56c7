package dev.nacosapp.it;

import static dev.nacosapp.it.support.Causes.assertCausedBy;
import static dev.nacosapp.it.support.Waits.eventually;
import static dev.nacosapp.it.support.Waits.within;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;

import com.sun.net.httpserver.HttpServer;
import dev.nacosapp.dubbo.discovery.NacosAppStartupError;
import dev.nacosapp.it.app.Consumer;
import dev.nacosapp.it.app.ProviderApp;
import dev.nacosapp.it.app.ProviderSpec;
import dev.nacosapp.it.support.FreePorts;
import dev.nacosapp.it.support.Names;
import dev.nacosapp.it.support.Registry;
import dev.nacosapp.it.support.Timings;
import dev.nacosapp.testkit.embedded.EmbeddedNacosServer;
import dev.nacosapp.testkit.http.RegisteredInstance;
import dev.nacosapp.testkit.junit.WithNacos;
import dev.nacosapp.testkit.server.NacosTarget;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.apache.dubbo.rpc.RpcException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #4, case 10, Nacos unreachable at startup. With {@code check=true} (the default) startup fails within
 * {@code startup-timeout}, naming the servers and the namespace. With {@code check=false} provider and consumer start
 * anyway; once the server appears the provider registers and the consumer finds it (this half stops and starts the
 * server, so it needs the embedded target).
 */
@WithNacos
class NacosUnreachableIT {

    private final String namespace = Names.unique("it-unreachable");

    private final String application = Names.unique("unreachable-provider");

    private ProviderApp provider;

    private Consumer consumer;

    @AfterEach
    void stopAll(NacosTarget nacos) {
        if (consumer != null) {
            consumer.close();
        }
        if (provider != null) {
            provider.close();
        }
        nacos.embedded().ifPresent(EmbeddedNacosServer::start);
    }

    @Test
    void withCheckTrueStartupFailsFastNamingTheServersAndTheNamespace() {
        // Nothing listens on this port pair: a Nacos server that is down.
        String deadServer = "127.0.0.1:" + FreePorts.nacosPair();
        Registry registry = Registry.at(deadServer).namespace(namespace).with("startup-timeout", "2s");

        long startedAt = System.nanoTime();
        Throwable failure = catchThrowable(() -> provider = ProviderApp.start(spec(registry)));
        Timings.report(
                "no server",
                "#10 check=true, no Nacos: startup failed after",
                Duration.ofNanos(System.nanoTime() - startedAt));

        assertCausedBy(failure, NacosAppStartupError.class)
                .contains("no Nacos server answered within 2000 ms")
                .contains("Nacos servers [" + deadServer + "]")
                .contains("namespace '" + namespace + "'")
                .contains("check=false");
    }

    @Test
    void withCheckTrueAServerWhoseGrpcPortIsNotPublishedIsNamedInTheStartupError() throws IOException {
        // What a port mapping that publishes only Nacos' HTTP port looks like: HTTP answers at P, nothing at P + 1000.
        int httpPort = FreePorts.nacosPair();
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), httpPort), 0);
        http.createContext("/", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        http.start();
        try {
            Registry registry =
                    Registry.at("127.0.0.1:" + httpPort).namespace(namespace).with("startup-timeout", "2s");

            Throwable failure = catchThrowable(() -> provider = ProviderApp.start(spec(registry)));

            assertCausedBy(failure, NacosAppStartupError.class)
                    .contains("no Nacos server answered within 2000 ms")
                    .contains("Nacos answers HTTP at 127.0.0.1:" + httpPort + " but not gRPC at 127.0.0.1:"
                            + (httpPort + 1000))
                    .contains("its HTTP port + 1000 (JVM-wide system property nacos.server.grpc.port.offset")
                    .contains("-Dnacos.server.grpc.port.offset=");
        } finally {
            http.stop(0);
        }
    }

    @Test
    void withCheckFalseProviderAndConsumerStartAndFindEachOtherOnceTheServerAppears(NacosTarget nacos) {
        EmbeddedNacosServer server = nacos.requireEmbedded("A Nacos server that appears after the provider started");
        Registry registry =
                Registry.of(nacos).namespace(namespace).with("check", "false").with("retry-max-delay", "2s");
        server.stop();

        ProviderSpec spec = spec(registry);
        provider = ProviderApp.start(spec);
        consumer = Consumer.of(registry.address(), application).retries(0).start();
        assertThatThrownBy(consumer::whoAmI).isInstanceOf(RpcException.class);

        server.start();
        long upAt = System.nanoTime();
        eventually().untilAsserted(() -> assertThat(nacos.http().instances(namespace, "", application))
                .extracting(RegisteredInstance::ip, RegisteredInstance::port)
                .containsExactly(tuple("127.0.0.1", spec.port())));
        Timings.report(
                nacos.kind(),
                "#10 check=false: server up until the provider was registered",
                Duration.ofNanos(System.nanoTime() - upAt));
        eventually().ignoreExceptions().until(consumer::whoAmI, "unreachable-1"::equals);
        Timings.report(
                nacos.kind(),
                "#10 check=false: server up until the consumer's first successful call",
                Duration.ofNanos(System.nanoTime() - upAt));
        assertThat(consumer.calls(20).failures()).isEmpty();
    }

    @Test
    void afterALongOutageAConsumerStartedWithoutNacosCallsItsProviderSoonAfterNacosIsBack(NacosTarget nacos) {
        EmbeddedNacosServer server = nacos.requireEmbedded("A Nacos server that stays down for a while");
        // Default back-off: a timer-driven retry would by now wait 8 s or more for its next slot.
        Registry registry = Registry.of(nacos).namespace(namespace).with("check", "false");
        ProviderSpec spec = spec(registry);
        provider = ProviderApp.start(spec);
        eventually().untilAsserted(() -> assertThat(nacos.http().instances(namespace, "", application))
                .hasSize(1));
        server.stop();

        consumer = Consumer.of(registry.address(), application).retries(0).start();
        // The outage: for 10 s the consumer, which never saw the provider, has nobody to call.
        within(Duration.ofSeconds(30)).during(Duration.ofSeconds(10)).until(this::callFails);
        server.start();
        long upAt = System.nanoTime();

        within(Duration.ofSeconds(15)).ignoreExceptions().until(consumer::whoAmI, "unreachable-1"::equals);
        Timings.report(
                nacos.kind(),
                "#9.4 after a 10 s outage: server up until the consumer's first successful call",
                Duration.ofNanos(System.nanoTime() - upAt));
        assertThat(consumer.calls(20).failures()).isEmpty();
    }

    private boolean callFails() {
        try {
            consumer.whoAmI();
            return false;
        } catch (RpcException e) {
            return true;
        }
    }

    private ProviderSpec spec(Registry registry) {
        return ProviderSpec.of(application, "unreachable-1", registry.address())
                .withProtocol("dubbo", FreePorts.next());
    }
}
