package dev.nacosapp.it;

import static dev.nacosapp.it.support.Causes.assertCausedBy;
import static dev.nacosapp.it.support.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.nacosapp.dubbo.discovery.NacosAppStartupError;
import dev.nacosapp.it.app.ProviderApp;
import dev.nacosapp.it.app.ProviderSpec;
import dev.nacosapp.it.support.FreePorts;
import dev.nacosapp.it.support.Names;
import dev.nacosapp.it.support.ProviderProcess;
import dev.nacosapp.it.support.Registry;
import dev.nacosapp.testkit.embedded.EmbeddedNacosServer;
import dev.nacosapp.testkit.http.NacosHttp;
import dev.nacosapp.testkit.http.NacosHttpClients;
import dev.nacosapp.testkit.http.NacosHttpException;
import dev.nacosapp.testkit.junit.WithNacos;
import dev.nacosapp.testkit.server.NacosTarget;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #4, case 10, wrong credentials: against a server with authentication, a provider with a wrong password is
 * refused at startup with an error that says so, registers nothing, and leaves no client behind that keeps retrying.
 * The secured server is an embedded one the test starts itself, so this runs on the embedded target only.
 */
@WithNacos
class AuthenticationIT {

    private static final String USER = "nacos";

    private static final String PASSWORD = "it-secret";

    private static final String WRONG_PASSWORD = "not-the-password-42";

    private final String application = Names.unique("auth-provider");

    private EmbeddedNacosServer secured;

    private ProviderApp provider;

    @BeforeEach
    void startSecuredServer(NacosTarget nacos) {
        nacos.requireEmbedded("A Nacos server with authentication");
        secured = EmbeddedNacosServer.builder().auth(USER, PASSWORD).build().start();
    }

    @AfterEach
    void stopAll() {
        if (provider != null) {
            provider.close();
        }
        if (secured != null) {
            secured.close();
        }
    }

    @Test
    void providerWithTheRightPasswordRegisters() {
        provider = ProviderApp.start(
                spec(Registry.at(secured.serverAddr()).with("username", USER).with("password", PASSWORD)));

        eventually().until(() -> secured.naming().instances("", "", application).size() == 1);
    }

    @Test
    void credentialsGivenAsRegistryUsernameAndPasswordNeverShowInTheProvidersOutput() {
        ProviderSpec spec = spec(Registry.at(secured.serverAddr())).withRegistryCredentials(USER, PASSWORD);

        String output = outputOfAProviderThatRegisters(spec);

        assertThat(output)
                .as("Dubbo logs the registry configuration at startup, nacos-app its target")
                .contains("nacos-app: registered")
                .doesNotContain(PASSWORD);
    }

    @Test
    void credentialsWrittenIntoTheAddressAreLoggedByDubboAsTheReadmeWarns() {
        ProviderSpec spec =
                spec(Registry.at(secured.serverAddr()).with("username", USER).with("password", PASSWORD));

        String output = outputOfAProviderThatRegisters(spec);

        assertThat(output).contains("password=" + PASSWORD);
        assertThat(output.lines().filter(line -> line.contains(PASSWORD)))
                .as("every line that shows it is Dubbo's, none is nacos-app's")
                .allSatisfy(line -> assertThat(line).doesNotContain("[DUBBO] nacos-app: "));
    }

    private String outputOfAProviderThatRegisters(ProviderSpec spec) {
        try (ProviderProcess jvm = ProviderProcess.start(getClass(), spec)) {
            eventually()
                    .until(() -> secured.naming().instances("", "", application).size() == 1);
            jvm.stopGracefully();
            return jvm.output();
        }
    }

    @Test
    void providerWithAWrongPasswordIsRefusedClearlyAndLeavesNothingBehind() {
        Registry wrong =
                Registry.at(secured.serverAddr()).with("username", USER).with("password", "wrong");

        Throwable failure = catchThrowable(() -> provider = ProviderApp.start(spec(wrong)));

        assertCausedBy(failure, NacosAppStartupError.class)
                .contains("Nacos servers [" + secured.serverAddr() + "]")
                .contains("403")
                .contains("check the registry's username and password")
                .doesNotContain(WRONG_PASSWORD);
        assertThat(secured.naming().instances("", "", application)).isEmpty();
        eventually().untilAsserted(() -> assertThat(secured.clients().connectionCount())
                .as("clients still connected, retrying with the wrong password")
                .isZero());
        eventually().during(Duration.ofSeconds(3)).untilAsserted(() -> assertThat(
                        secured.clients().connectionCount())
                .isZero());
    }

    @Test
    void aWrongPasswordIsRefusedAtLoginWithTheMessageARealNacos25Gives() {
        NacosHttp wrong = NacosHttpClients.create(secured.serverAddr(), USER, WRONG_PASSWORD);

        assertThat(catchThrowable(wrong::login)).isInstanceOfSatisfying(NacosHttpException.class, e -> {
            assertThat(e.status()).isEqualTo(403);
            // What nacos-client logs as the reason its login failed; "unknown user!" on no real server.
            assertThat(e.body()).isEqualTo("user not found!");
        });
    }

    private ProviderSpec spec(Registry registry) {
        return ProviderSpec.of(application, "auth-1", registry.address()).withProtocol("dubbo", FreePorts.next());
    }
}
