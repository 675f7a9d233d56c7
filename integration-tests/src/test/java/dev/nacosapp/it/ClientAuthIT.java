package dev.nacosapp.it;

import static dev.nacosapp.it.support.Causes.assertCausedBy;
import static dev.nacosapp.it.support.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.nacosapp.dubbo.discovery.NacosAppStartupError;
import dev.nacosapp.it.app.Consumer;
import dev.nacosapp.it.app.ProviderApp;
import dev.nacosapp.it.app.ProviderSpec;
import dev.nacosapp.it.support.FreePorts;
import dev.nacosapp.it.support.Names;
import dev.nacosapp.it.support.Registry;
import dev.nacosapp.testkit.embedded.EmbeddedNacosServer;
import dev.nacosapp.testkit.embedded.auth.AuthStats;
import dev.nacosapp.testkit.junit.WithNacos;
import dev.nacosapp.testkit.model.NacosLine;
import dev.nacosapp.testkit.server.NacosTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Client authentication as Nacos 3.3 ships it: on unless the server turns it off, so every provider and consumer logs
 * in and sends its token with each request. Against a 3.x server with client auth on and tokens that live 90 s, a
 * provider and a consumer keep registering, deregistering, querying and subscribing past the lifetime of the tokens
 * they started with, and the server never sees an expired token: nacos-client logs in again before a token expires
 * (checked every 5 s, from a tenth to a fifteenth of the lifetime before the end, so the lifetime must exceed 75 s for
 * the renewal to come first). A provider that sets no credentials is refused at startup with an error that says so.
 * The server is an embedded one the test starts itself, which also counts logins and refusals; with
 * {@code -Dit.tokenTtl=<seconds>} (the server's {@code nacos.core.auth.plugin.nacos.token.expire.seconds}, over 75)
 * and credentials, an external target with client auth on is used instead, and the test checks behaviour only.
 */
@WithNacos
class ClientAuthIT {

    private static final String USER = "nacos";

    private static final String PASSWORD = "it-secret-3x";

    private static final Duration TOKEN_TTL = Duration.ofSeconds(90);

    private final String namespace = Names.unique("it-client-auth");

    private final String application = Names.unique("auth3-provider");

    private final List<AutoCloseable> running = new ArrayList<>();

    // Null when the test runs against an external target.
    private EmbeddedNacosServer secured;

    private String serverAddr;

    private Duration tokenTtl;

    private Registry credentials;

    private Function<String, Integer> instanceCount;

    @BeforeEach
    void chooseSecuredServer(NacosTarget nacos) {
        String externalTtl = System.getProperty("it.tokenTtl");
        if (nacos.embedded().isEmpty()
                && externalTtl != null
                && nacos.credentials().isPresent()) {
            serverAddr = nacos.serverAddr();
            tokenTtl = Duration.ofSeconds(Long.parseLong(externalTtl));
            credentials = Registry.of(nacos);
            instanceCount = app ->
                    nacos.http().instances(namespace, "DEFAULT_GROUP", app).size();
            return;
        }
        nacos.requireEmbedded("A server with client auth on (or -Dit.tokenTtl and credentials for an external one)");
        secured = EmbeddedNacosServer.builder()
                .line(NacosLine.V3)
                .auth(USER, PASSWORD)
                .tokenTtl(TOKEN_TTL)
                .build()
                .start();
        serverAddr = secured.serverAddr();
        tokenTtl = TOKEN_TTL;
        credentials = Registry.at(serverAddr).with("username", USER).with("password", PASSWORD);
        instanceCount = app ->
                secured.naming().instances(namespace, "DEFAULT_GROUP", app).size();
    }

    @AfterEach
    void stopAll() throws Exception {
        for (AutoCloseable app : running) {
            app.close();
        }
        if (secured != null) {
            secured.close();
        }
    }

    @Test
    void providersAndConsumersKeepWorkingPastTheLifetimeOfTheirFirstTokens() {
        // The consumer checks its lists against a direct query every 5 s: a steady stream of requests with its token.
        Registry registry = credentials.namespace(namespace).with("reconcile-interval", "5s");
        ProviderApp first = start(ProviderApp.start(spec(registry, "first")));
        Consumer consumer = start(Consumer.of(registry.address(), application).start());
        eventually().ignoreExceptions().until(() -> consumer.calls(4).answers().containsKey("first"));
        // Every token handed out so far has expired by then.
        Instant firstTokensExpired = Instant.now().plus(tokenTtl).plusSeconds(1);
        long loginsAtStart = secured == null ? 0 : secured.clients().authStats().logins();

        await("the lifetime of the first tokens")
                .atMost(tokenTtl.plusMinutes(1))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> Instant.now().isAfter(firstTokensExpired));

        if (secured != null) {
            assertThat(secured.clients().authStats().logins())
                    .as("logins again before the first tokens expired")
                    .isGreaterThan(loginsAtStart);
        }
        // A registration by a new client, pushed to the consumer; then a deregistration by a client a minute and a
        // half old, which needs its renewed token.
        start(ProviderApp.start(spec(registry, "second")));
        eventually().ignoreExceptions().until(() -> consumer.calls(8).answers().keySet(), who -> who.size() == 2);
        first.close();
        eventually().until(() -> instanceCount.apply(application) == 1);
        eventually()
                .ignoreExceptions()
                .until(() -> consumer.calls(4).answers().keySet(), who -> who.size() == 1 && who.contains("second"));
        if (secured != null) {
            assertThat(secured.clients().authStats())
                    .as("requests refused for a missing, unknown or expired token")
                    .extracting(AuthStats::expiredTokenRefusals, AuthStats::otherRefusals)
                    .containsExactly(0L, 0L);
        }
    }

    @Test
    void aProviderThatSetsNoCredentialsIsToldThatTheServerRequiresThem() {
        Registry withoutCredentials = Registry.at(serverAddr).namespace(namespace);

        Throwable failure = catchThrowable(() -> start(ProviderApp.start(spec(withoutCredentials, "anonymous"))));

        assertCausedBy(failure, NacosAppStartupError.class)
                .contains("Nacos servers [" + serverAddr + "]")
                .contains("403")
                .contains("the registry sets no credentials")
                .contains("username")
                .contains("password");
        assertThat(instanceCount.apply(application)).isZero();
    }

    private ProviderSpec spec(Registry registry, String name) {
        return ProviderSpec.of(application, name, registry.address()).withProtocol("dubbo", FreePorts.next());
    }

    private <T extends AutoCloseable> T start(T app) {
        running.add(app);
        return app;
    }
}
