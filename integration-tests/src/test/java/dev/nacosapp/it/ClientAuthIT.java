package dev.nacosapp.it;

import static dev.nacosapp.it.support.Causes.assertCausedBy;
import static dev.nacosapp.it.support.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.nacosapp.dubbo.discovery.NacosAppStartupError;
import dev.nacosapp.it.app.ProviderApp;
import dev.nacosapp.it.app.ProviderSpec;
import dev.nacosapp.it.support.Consumer;
import dev.nacosapp.it.support.FreePorts;
import dev.nacosapp.it.support.Names;
import dev.nacosapp.it.support.Registry;
import dev.nacosapp.testkit.EmbeddedNacosServer;
import dev.nacosapp.testkit.NacosLine;
import dev.nacosapp.testkit.NacosTarget;
import dev.nacosapp.testkit.embedded.auth.AuthStats;
import dev.nacosapp.testkit.junit.WithNacos;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
 * The server is an embedded one the test starts itself, so that it can count logins and refusals.
 */
@WithNacos
class ClientAuthIT {

    private static final String USER = "nacos";

    private static final String PASSWORD = "it-secret-3x";

    private static final Duration TOKEN_TTL = Duration.ofSeconds(90);

    private final String namespace = Names.unique("it-client-auth");

    private final String application = Names.unique("auth3-provider");

    private final List<AutoCloseable> running = new ArrayList<>();

    private EmbeddedNacosServer secured;

    @BeforeEach
    void startSecuredServer(NacosTarget nacos) {
        nacos.requireEmbedded("Counting a server's logins and expired tokens");
        secured = EmbeddedNacosServer.builder()
                .line(NacosLine.V3)
                .auth(USER, PASSWORD)
                .tokenTtl(TOKEN_TTL)
                .build()
                .start();
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
        Registry registry = Registry.at(secured.serverAddr())
                .namespace(namespace)
                .with("username", USER)
                .with("password", PASSWORD)
                .with("reconcile-interval", "5s");
        ProviderApp first = start(ProviderApp.start(spec(registry, "first")));
        Consumer consumer = start(Consumer.of(registry, application).start());
        eventually().ignoreExceptions().until(() -> consumer.calls(4).answers().containsKey("first"));
        // Every token handed out so far has expired by then.
        Instant firstTokensExpired = Instant.now().plus(TOKEN_TTL).plusSeconds(1);
        long loginsAtStart = secured.authStats().logins();

        await("the lifetime of the first tokens")
                .atMost(TOKEN_TTL.plusMinutes(1))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> Instant.now().isAfter(firstTokensExpired));

        assertThat(secured.authStats().logins())
                .as("logins again before the first tokens expired")
                .isGreaterThan(loginsAtStart);
        // A registration by a new client, pushed to the consumer; then a deregistration by a client a minute and a
        // half old, which needs its renewed token.
        start(ProviderApp.start(spec(registry, "second")));
        eventually().ignoreExceptions().until(() -> consumer.calls(8).answers().keySet(), who -> who.size() == 2);
        first.close();
        eventually()
                .until(() -> secured.instances(namespace, "DEFAULT_GROUP", application)
                                .size()
                        == 1);
        eventually()
                .ignoreExceptions()
                .until(() -> consumer.calls(4).answers().keySet(), who -> who.size() == 1 && who.contains("second"));
        assertThat(secured.authStats())
                .as("requests refused for a missing, unknown or expired token")
                .extracting(AuthStats::expiredTokenRefusals, AuthStats::otherRefusals)
                .containsExactly(0L, 0L);
    }

    @Test
    void aProviderThatSetsNoCredentialsIsToldThatTheServerRequiresThem() {
        Registry withoutCredentials = Registry.at(secured.serverAddr()).namespace(namespace);

        Throwable failure = catchThrowable(() -> start(ProviderApp.start(spec(withoutCredentials, "anonymous"))));

        assertCausedBy(failure, NacosAppStartupError.class)
                .contains("Nacos servers [" + secured.serverAddr() + "]")
                .contains("403")
                .contains("the registry sets no credentials")
                .contains("username")
                .contains("password");
        assertThat(secured.instances(namespace, "DEFAULT_GROUP", application)).isEmpty();
    }

    private ProviderSpec spec(Registry registry, String name) {
        return ProviderSpec.of(application, name, registry.address()).withProtocol("dubbo", FreePorts.next());
    }

    private <T extends AutoCloseable> T start(T app) {
        running.add(app);
        return app;
    }
}
