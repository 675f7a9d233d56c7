package dev.nacosapp.it;

import static dev.nacosapp.it.support.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nacosapp.it.app.ConsumerMain;
import dev.nacosapp.it.app.ProviderSpec;
import dev.nacosapp.it.app.StartupAttemptsMain;
import dev.nacosapp.it.support.FreePorts;
import dev.nacosapp.it.support.LibraryLog;
import dev.nacosapp.it.support.Logs;
import dev.nacosapp.it.support.Names;
import dev.nacosapp.it.support.ProviderProcess;
import dev.nacosapp.it.support.Registry;
import dev.nacosapp.it.support.Started;
import dev.nacosapp.it.support.TestJvms;
import dev.nacosapp.testkit.embedded.EmbeddedNacosServer;
import dev.nacosapp.testkit.junit.WithNacos;
import dev.nacosapp.testkit.process.ChildJvm;
import dev.nacosapp.testkit.server.NacosTarget;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No line nacos-app logs, and no message of an error a startup throws, carries a password or secret key, whichever
 * way the credentials are given and however startup goes. Every credential form {@code docs/operations.md} names (in the address's
 * user part, as {@code username}/{@code password} parameters, as {@code RegistryConfig} username and password, as
 * {@code accessKey}/{@code secretKey} parameters), with and without {@code registry-type=service} (nacos-app then adds
 * it and logs that it did), runs through every outcome: accepted (registers, is the metadata center, a consumer finds
 * it through the mapping and calls it, it stops and deregisters), refused for a wrong password, server unreachable
 * with {@code check=false} (starts, warns) and with {@code check=true} (fails), and credentials nacos-app rejects
 * before connecting (a password given twice, a secretKey without accessKey). Every address also carries misspelt keys
 * with secret-looking values ({@code pasword}, {@code secretkey2}), about which nacos-app warns by name.
 *
 * <p>Dubbo itself logs the registry configuration with the credentials of the address (see {@code docs/operations.md}); those lines
 * are Dubbo's and are not checked. Checked are the lines of loggers under {@code dev.nacosapp.dubbo}, with their stack
 * traces, and every other line carrying a nacos-app message or class. The secured server is an embedded one the test
 * starts itself, so this runs on the embedded target only.
 */
@WithNacos
class CredentialsNeverLoggedIT {

    private static final String USER = "nacos";

    private static final String PASSWORD = "pw-9f3c71";

    private static final String WRONG_PASSWORD = "pw-wrong-5d21e8";

    private static final String ACCESS_KEY = "ak-credentials-it";

    private static final String SECRET_KEY = "sk-4e8a20";

    /** The value of the misspelt key {@code pasword}: it looks like a password and must not be echoed either. */
    private static final String TYPO_PASSWORD = "pw-typo-31c9a0";

    /** The value of the misspelt key {@code secretkey2}. */
    private static final String TYPO_SECRET = "sk-typo-b7d615";

    private static final List<String> SECRETS =
            List.of(PASSWORD, WRONG_PASSWORD, SECRET_KEY, TYPO_PASSWORD, TYPO_SECRET);

    /** The ways {@code docs/operations.md} names of giving a registry its credentials. */
    private enum Form {
        /** {@code nacos-app://user:password@host:port}. */
        USER_INFO,
        /** {@code ?username=...&password=...}. */
        PARAMETERS,
        /** {@code RegistryConfig#setUsername/setPassword}, the form Dubbo masks in its own log. */
        REGISTRY_CONFIG,
        /** {@code ?accessKey=...&secretKey=...}, with username and password parameters for the server's login. */
        ACCESS_KEY
    }

    private final Started started = new Started();

    private EmbeddedNacosServer secured;

    @BeforeEach
    void startSecuredServer(NacosTarget nacos) {
        EmbeddedNacosServer target = nacos.requireEmbedded("A Nacos server with authentication");
        // The same server line as the run's target, so that a 3.x run checks 3.x's login and answers too.
        secured = EmbeddedNacosServer.builder()
                .line(target.line())
                .auth(USER, PASSWORD)
                .build()
                .start();
    }

    @AfterEach
    void stopAll() throws Exception {
        started.close();
        if (secured != null) {
            secured.close();
        }
    }

    @ParameterizedTest(name = "registry-type=service in the address: {0}")
    @ValueSource(booleans = {true, false})
    void acceptedCredentialsOfEveryFormStayOutOfWhatNacosAppLogs(boolean registryType) {
        List<ProviderSpec> specs = Stream.of(Form.values())
                .map(form -> spec("accepted", form, secured.serverAddr(), PASSWORD, registryType, r -> r)
                        // Remote metadata: the metadata report publishes with the same credentials, and the
                        // consumer reads it back.
                        .withMetadataType(form == Form.PARAMETERS || form == Form.REGISTRY_CONFIG ? "remote" : null))
                .toList();
        ProviderProcess provider =
                started.add(ProviderProcess.launch(getClass(), LibraryLog.OPTIONS, specs.toArray(ProviderSpec[]::new)));
        provider.awaitReady();
        for (ProviderSpec spec : specs) {
            eventually()
                    .until(() -> secured.naming()
                                    .instances("", "", spec.application())
                                    .size()
                            == 1);
        }
        // The consumer finds the providers through the mapping nacos-app keeps as metadata center: it names no
        // provider application ("any" is unused).
        Form consumerForm = registryType ? Form.USER_INFO : Form.PARAMETERS;
        ChildJvm consumer = started.add(TestJvms.builder("consumer", ConsumerMain.class.getName())
                .log(Logs.dirFor(getClass()).resolve(Names.unique("consumer") + ".log"))
                .systemProperties(LibraryLog.OPTIONS)
                .args(List.of(address(consumerForm, secured.serverAddr(), PASSWORD, registryType, r -> r), "any", "10"))
                .start());
        eventually().until(() -> !consumer.isAlive());
        assertThat(consumer.output()).as("log %s", consumer.log()).contains(ConsumerMain.RESULT);
        assertThat(consumer.output()).contains(" failures=0 ");
        provider.stopGracefully();

        List<String> providerLines = LibraryLog.lines(provider.output());
        assertThat(providerLines)
                .as("what nacos-app logged, to show the check sees it")
                .anySatisfy(line -> assertThat(line).contains("nacos-app: created a Nacos config client"))
                .anySatisfy(line -> assertThat(line).contains("nacos-app: registered"))
                .anySatisfy(line -> assertThat(line).contains("nacos-app: deregistered"))
                .anySatisfy(line -> assertThat(line).contains("registry parameter 'pasword'"))
                .anySatisfy(line -> assertThat(line).contains("registry parameter 'secretkey2'"));
        assertThat(LibraryLog.lines(consumer.output()))
                .anySatisfy(line -> assertThat(line).contains("nacos-app: subscribed to application"));
        if (!registryType) {
            assertThat(providerLines.stream().filter(line -> line.contains("has no registry-type")))
                    .hasSize(specs.size());
            assertThat(LibraryLog.lines(consumer.output()))
                    .anySatisfy(line -> assertThat(line).contains("has no registry-type"));
        }
        assertNoSecretIn(providerLines, provider.log());
        assertNoSecretIn(LibraryLog.lines(consumer.output()), consumer.log());
    }

    @Test
    void refusedAndUnreachableStartupsKeepEveryCredentialOutOfTheLogAndTheError() throws IOException {
        String deadServer = "127.0.0.1:" + FreePorts.nacosPair();
        // Every form once per outcome, half of them without registry-type; the accepted test runs every combination.
        List<ProviderSpec> unreachableChecked = List.of(
                spec("unreachable-checked", Form.REGISTRY_CONFIG, deadServer, PASSWORD, true, this::checkedShort),
                spec("unreachable-checked", Form.ACCESS_KEY, deadServer, PASSWORD, false, this::checkedShort));
        List<ProviderSpec> refused = List.of(
                spec("refused", Form.USER_INFO, secured.serverAddr(), WRONG_PASSWORD, false, this::refusedSoon),
                spec("refused", Form.PARAMETERS, secured.serverAddr(), WRONG_PASSWORD, true, this::refusedSoon),
                spec("refused", Form.REGISTRY_CONFIG, secured.serverAddr(), WRONG_PASSWORD, false, this::refusedSoon),
                spec("refused", Form.ACCESS_KEY, secured.serverAddr(), WRONG_PASSWORD, true, this::refusedSoon));
        // Credentials nacos-app rejects before it connects: the message says what is wrong, not what was given.
        ProviderSpec givenTwice =
                spec("invalid", Form.USER_INFO, secured.serverAddr(), PASSWORD, true, r -> r.with("username", USER)
                        .with("password", WRONG_PASSWORD));
        ProviderSpec secretKeyAlone = spec(
                "invalid",
                Form.PARAMETERS,
                secured.serverAddr(),
                PASSWORD,
                false,
                r -> r.with("secretKey", SECRET_KEY));
        // check=false: starts, warns, and keeps retrying (Dubbo's own mapping retries make each take ~10 s).
        List<ProviderSpec> unreachableUnchecked = List.of(
                spec("unreachable-unchecked", Form.USER_INFO, deadServer, PASSWORD, false, this::unchecked),
                spec("unreachable-unchecked", Form.PARAMETERS, deadServer, PASSWORD, true, this::unchecked));
        // Two JVMs at once: their attempts mostly wait. The checked ones go first in theirs: failing by time-out,
        // they warm the JVM up so that the refusals get their answer from the server within startup-timeout.
        List<ProviderSpec> first = new ArrayList<>(unreachableChecked);
        first.addAll(refused);
        first.add(givenTwice);
        first.add(secretKeyAlone);
        ChildJvm failing = started.add(startAttempts(first));
        ChildJvm unchecked = started.add(startAttempts(unreachableUnchecked));
        eventually().until(() -> !failing.isAlive() && !unchecked.isAlive());
        String output = failing.output() + unchecked.output();
        assertThat(failing.output()).as("log %s", failing.log()).contains(StartupAttemptsMain.DONE);
        assertThat(unchecked.output()).as("log %s", unchecked.log()).contains(StartupAttemptsMain.DONE);

        for (ProviderSpec spec : refused) {
            assertThat(failureOf(spec, output))
                    .as("startup of %s", spec.name())
                    .contains("NacosAppStartupError: nacos-app: ")
                    .contains("Nacos refused the credentials");
        }
        for (ProviderSpec spec : unreachableChecked) {
            assertThat(failureOf(spec, output))
                    .as("startup of %s", spec.name())
                    .contains("NacosAppStartupError: nacos-app: no Nacos server answered within 1000 ms");
        }
        assertThat(failureOf(givenTwice, output))
                .contains("nacos-app: password is given twice with different values, in the address and as a"
                        + " parameter");
        assertThat(failureOf(secretKeyAlone, output))
                .contains("nacos-app: registry parameters accessKey and secretKey must be set together");
        for (ProviderSpec spec : unreachableUnchecked) {
            assertThat(output).contains(StartupAttemptsMain.STARTED + spec.name() + "\n");
        }
        List<String> lines = LibraryLog.lines(output);
        assertThat(lines)
                .as("what nacos-app logged, to show the check sees it")
                .anySatisfy(line -> assertThat(line).contains("is not reachable yet; starting anyway"))
                .anySatisfy(line -> assertThat(line).contains("has no registry-type"))
                .anySatisfy(line -> assertThat(line).contains("registry parameter 'pasword'"));
        assertNoSecretIn(LibraryLog.lines(failing.output()), failing.log());
        assertNoSecretIn(LibraryLog.lines(unchecked.output()), unchecked.log());
        assertNoSecretIn(errorsThrown(failing.output()), failing.log());
    }

    private Registry checkedShort(Registry registry) {
        return registry.with("check", "true").with("startup-timeout", "1s");
    }

    private Registry unchecked(Registry registry) {
        return registry.with("check", "false");
    }

    /** Refusals are retried until startup-timeout ends; long enough for a loaded machine to get the first answer. */
    private Registry refusedSoon(Registry registry) {
        return registry.with("startup-timeout", "2s");
    }

    /**
     * A provider with one credential form. Every address also carries two misspelt keys with secret-looking values.
     */
    private ProviderSpec spec(
            String outcome,
            Form form,
            String server,
            String password,
            boolean registryType,
            UnaryOperator<Registry> more) {
        String name =
                outcome + "-" + form.name().toLowerCase().replace('_', '-') + (registryType ? "-typed" : "-untyped");
        ProviderSpec spec = ProviderSpec.of(
                        Names.unique("secrets-" + name), name, address(form, server, password, registryType, more))
                .withProtocol("dubbo", FreePorts.next());
        return form == Form.REGISTRY_CONFIG ? spec.withRegistryCredentials(USER, password) : spec;
    }

    private static String address(
            Form form, String server, String password, boolean registryType, UnaryOperator<Registry> more) {
        Registry registry = Registry.at(form == Form.USER_INFO ? USER + ":" + password + "@" + server : server);
        if (form == Form.PARAMETERS || form == Form.ACCESS_KEY) {
            registry = registry.with("username", USER).with("password", password);
        }
        if (form == Form.ACCESS_KEY) {
            registry = registry.with("accessKey", ACCESS_KEY).with("secretKey", SECRET_KEY);
        }
        registry = more.apply(registry.with("pasword", TYPO_PASSWORD).with("secretkey2", TYPO_SECRET));
        return (registryType ? registry : registry.without("registry-type")).address();
    }

    private ChildJvm startAttempts(List<ProviderSpec> specs) throws IOException {
        String name = Names.unique("attempts");
        Path dir = Logs.dirFor(getClass());
        Path config = dir.resolve(name + ".properties");
        try (OutputStream out = Files.newOutputStream(config)) {
            ProviderSpec.toProperties(specs).store(out, "startup attempts");
        }
        return TestJvms.builder(name, StartupAttemptsMain.class.getName())
                .log(dir.resolve(name + ".log"))
                .systemProperties(LibraryLog.OPTIONS)
                .args(List.of(config.toString()))
                .start();
    }

    private static String failureOf(ProviderSpec spec, String output) {
        String prefix = StartupAttemptsMain.FAILED + spec.name() + ": ";
        return output.lines()
                .filter(line -> line.startsWith(prefix))
                .findFirst()
                .map(line -> line.substring(prefix.length()))
                .orElseThrow(() -> new AssertionError("startup of " + spec.name() + " did not fail"));
    }

    /** The cause chains and stack traces of the errors startups threw, whoever's message each carries. */
    private static List<String> errorsThrown(String output) {
        return LibraryLog.entries(output).stream()
                .filter(entry -> entry.logger() == null && entry.lines().get(0).startsWith(StartupAttemptsMain.FAILED))
                .flatMap(entry -> entry.lines().stream())
                .toList();
    }

    private static void assertNoSecretIn(List<String> lines, Path log) {
        assertThat(lines)
                .as("lines with a password or secret key (log %s)", log)
                .filteredOn(line -> SECRETS.stream().anyMatch(line::contains))
                .isEmpty();
    }
}
