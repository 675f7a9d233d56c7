package dev.nacosapp.it;

import static dev.nacosapp.it.support.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nacosapp.it.app.Consumer;
import dev.nacosapp.it.app.ConsumerMain;
import dev.nacosapp.it.app.EchoService;
import dev.nacosapp.it.app.ProviderMain;
import dev.nacosapp.it.app.ProviderSpec;
import dev.nacosapp.it.readme.ReadmeSnippets;
import dev.nacosapp.it.support.FreePorts;
import dev.nacosapp.it.support.Logs;
import dev.nacosapp.it.support.Names;
import dev.nacosapp.it.support.NetworkCards;
import dev.nacosapp.it.support.ProviderProcess;
import dev.nacosapp.it.support.Registry;
import dev.nacosapp.it.support.Started;
import dev.nacosapp.it.support.TestJvms;
import dev.nacosapp.it.support.Waits;
import dev.nacosapp.testkit.http.RegisteredInstance;
import dev.nacosapp.testkit.junit.WithNacos;
import dev.nacosapp.testkit.process.ChildJvm;
import dev.nacosapp.testkit.server.NacosTarget;
import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Consumers that read interface-level data only (a Dubbo 3 consumer with {@code migration=FORCE_INTERFACE}, a Dubbo
 * 2.7 consumer) and a provider migrated to {@code nacos-app}. With {@code nacos-app} alone they find no provider, as
 * {@code nacos-app} registers the application level only; with the dual-registry recipe of {@code docs/migration.md}
 * (read from that page here, so the two cannot drift apart) Dubbo's built-in {@code nacos} registry adds the interface level and
 * nothing else, and both kinds of consumer call the provider. The Dubbo 2.7 consumer is a Dubbo 2.7.23 application
 * with its own nacos-client, built by the {@code dubbo27-consumer} module and run on that module's class path, none of
 * this module's.
 */
@WithNacos
class InterfaceLevelMigrationIT {

    private static final Path MIGRATION =
            Path.of(System.getProperty("it.projectRoot", "..")).resolve("docs/migration.md");

    /** The server address the page's recipe is written for, replaced by the target's. */
    private static final String README_SERVER = "127.0.0.1:8848";

    /** The main class of the Dubbo 2.7 consumer, in the {@code dubbo27-consumer} module. */
    private static final String DUBBO27_CONSUMER_MAIN = "dev.nacosapp.dubbo27.Dubbo27ConsumerMain";

    /** The built-in's interface-level Nacos service of EchoService: {@code category:interface:version:group}. */
    private static final String INTERFACE_LEVEL_SERVICE = "providers:" + EchoService.class.getName() + "::";

    private final String namespace = Names.unique("it-iface-migration");

    private final String application = Names.unique("migrated-provider");

    private final Started started = new Started();

    @AfterEach
    void stopAll() throws Exception {
        started.close();
    }

    @Test
    void theRecipeKeepsInterfaceLevelConsumersCallingAMigratedProviderBesideNacosAppConsumers(NacosTarget nacos)
            throws Exception {
        Registry registry = Registry.of(nacos).namespace(namespace);
        ProviderProcess provider = started.add(ProviderProcess.launch(
                        getClass(),
                        Map.of("dubbo.network.interface.ignored", NetworkCards.allButLoopback()),
                        ProviderSpec.configuredBy(application, "migrated-1", recipe(registry))
                                .withProtocol("dubbo", FreePorts.next()))
                .awaitReady());

        assertThat(provider.output())
                .as("one interface-level registry (the built-in), one service discovery (nacos-app), nacos-app as"
                        + " the only metadata center and the only config center")
                .contains(
                        ProviderMain.WIRING + application + " registries=[NacosRegistry]"
                                + " discoveries=[NacosAppServiceDiscovery] metadata=[NacosAppMetadataReport] config=[nacos-app]");
        assertThat(eventually()
                        .until(() -> nacos.http().instances(namespace, "", INTERFACE_LEVEL_SERVICE), l -> !l.isEmpty()))
                .as("interface level, written by the built-in")
                .singleElement()
                .extracting(RegisteredInstance::address)
                .isEqualTo("127.0.0.1:" + provider.spec().port());
        assertThat(eventually().until(() -> nacos.http().instances(namespace, "", application), l -> !l.isEmpty()))
                .as("application level, written by nacos-app only")
                .singleElement()
                .extracting(RegisteredInstance::address)
                .isEqualTo("127.0.0.1:" + provider.spec().port());

        String forceInterface = forceInterfaceConsumer(registry, 20, 60);
        assertThat(forceInterface)
                .contains(ConsumerMain.RESULT + "answers={migrated-1=20} failures=0 caller=127.0.0.1");
        assertThat(dubbo27Consumer(registry, 20, 60))
                .contains(ConsumerMain.RESULT + "answers={migrated-1=20} failures=0 caller=127.0.0.1");

        Consumer nacosApp = started.add(
                Consumer.of(registry.address(), application).withoutProvidedBy().start());
        eventually().ignoreExceptions().until(nacosApp::whoAmI, "migrated-1"::equals);
        assertThat(nacosApp.calls(20).failures()).isEmpty();
    }

    @Test
    void withNacosAppAloneInterfaceLevelConsumersFindNoProvider(NacosTarget nacos) {
        Registry registry = Registry.of(nacos).namespace(namespace);
        ProviderProcess provider = started.add(ProviderProcess.start(
                getClass(),
                ProviderSpec.of(application, "nacos-app-only-1", registry.address())
                        .withProtocol("dubbo", FreePorts.next())));
        eventually()
                .until(() -> nacos.http().instances(namespace, "", application).size() == 1);

        assertThat(nacos.http().instances(namespace, "", INTERFACE_LEVEL_SERVICE))
                .as("nacos-app writes no interface-level data")
                .isEmpty();
        // The built-in registry looks the providers up when the consumer subscribes, and the provider registered
        // before: a short wait is enough to show that none will come.
        assertThat(List.of(forceInterfaceConsumer(registry, 5, 5), dubbo27Consumer(registry, 5, 5)))
                .allSatisfy(output -> assertThat(output)
                        .contains(ConsumerMain.RESULT + "answers={} failures=5 caller=none")
                        .contains(ConsumerMain.FIRST_FAILURE)
                        .contains("No provider available"));
        assertThat(provider.isAlive()).isTrue();
    }

    /**
     * The migration page's dual-registry recipe for the test's target: its two addresses made this test's (server, namespace,
     * credentials of a target with auth, and register-host=127.0.0.1 for nacos-app), every other line as written.
     */
    private static Map<String, String> recipe(Registry registry) {
        String snippet = ReadmeSnippets.read(MIGRATION, "migration").get("dual-registry.properties");
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(snippet));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> recipe = new LinkedHashMap<>();
        properties.stringPropertyNames().stream().sorted().forEach(key -> recipe.put(key, properties.getProperty(key)));
        assertThat(recipe)
                .containsEntry(
                        "dubbo.registries.application-level.address",
                        "nacos-app://" + README_SERVER + "?registry-type=service")
                .containsEntry("dubbo.registries.interface-level.address", "nacos://" + README_SERVER);
        recipe.put("dubbo.registries.application-level.address", registry.address());
        recipe.put("dubbo.registries.interface-level.address", builtIn(registry));
        return recipe;
    }

    /** The same server, namespace and credentials as Dubbo's built-in, without nacos-app's own keys. */
    private static String builtIn(Registry registry) {
        return registry.without("registry-type").without("register-host").builtInAddress();
    }

    /**
     * Runs a Dubbo 3 consumer on the built-in registry with {@code migration=FORCE_INTERFACE}, in a JVM of its own:
     * with every network card ignored, Dubbo's client keeps a registered 127.0.0.1 instead of replacing it.
     *
     * @param calls how many calls it makes
     * @param firstAnswerSeconds how long it waits for a first answer before making them
     * @return what it printed
     */
    private String forceInterfaceConsumer(Registry registry, int calls, int firstAnswerSeconds) {
        ChildJvm consumer;
        try {
            consumer = started.add(TestJvms.builder("FORCE_INTERFACE consumer", ConsumerMain.class.getName())
                    .log(Logs.dirFor(getClass()).resolve(application + "-force-interface-consumer.log"))
                    .systemProperty("dubbo.network.interface.ignored", NetworkCards.allButLoopback())
                    .systemProperty("dubbo.application.service-discovery.migration", "FORCE_INTERFACE")
                    .args(List.of(
                            builtIn(registry),
                            application,
                            Integer.toString(calls),
                            Integer.toString(firstAnswerSeconds)))
                    .start());
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
        return output(consumer, firstAnswerSeconds);
    }

    /**
     * Runs the Dubbo 2.7.23 consumer on the built-in registry, in a JVM whose class path is the {@code dubbo27-consumer}
     * module's (Dubbo 2.7.23, its nacos-client, Guava), none of this module's. Every network card ignored keeps it on
     * 127.0.0.1, as it does Dubbo 3. On Java 17, Dubbo 2.7 does not start without {@code --add-opens
     * java.base/java.lang} (Javassist defines its generated classes through {@code ClassLoader.defineClass}), and its
     * Hessian serialisation reflects into {@code java.math} at the first call.
     *
     * @param calls how many calls it makes
     * @param firstAnswerSeconds how long it waits for a first answer before making them
     * @return what it printed, in {@link ConsumerMain}'s lines
     */
    private String dubbo27Consumer(Registry registry, int calls, int firstAnswerSeconds) {
        ChildJvm consumer;
        try {
            consumer = started.add(TestJvms.builder("Dubbo 2.7 consumer", DUBBO27_CONSUMER_MAIN)
                    .classPath(dubbo27ClassPath())
                    .log(Logs.dirFor(getClass()).resolve(application + "-dubbo27-consumer.log"))
                    .flags(List.of(
                            "--add-opens=java.base/java.lang=ALL-UNNAMED",
                            "--add-opens=java.base/java.math=ALL-UNNAMED"))
                    .systemProperty("dubbo.network.interface.ignored", NetworkCards.allButLoopback())
                    .args(List.of(builtIn(registry), Integer.toString(calls), Integer.toString(firstAnswerSeconds)))
                    .start());
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
        return output(consumer, firstAnswerSeconds);
    }

    private static String dubbo27ClassPath() {
        Path dependencies = Path.of(System.getProperty("it.dubbo27.classPathFile"));
        try {
            return System.getProperty("it.dubbo27.classes")
                    + File.pathSeparator
                    + Files.readString(dependencies, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "No class path of the Dubbo 2.7 consumer at " + dependencies
                            + ": build the dubbo27-consumer module",
                    e);
        }
    }

    /** Waits until a consumer JVM has made its calls and exited with status 0, and returns what it printed. */
    private static String output(ChildJvm consumer, int firstAnswerSeconds) {
        Waits.within(Duration.ofSeconds(firstAnswerSeconds + 60)).until(() -> !consumer.isAlive());
        assertThat(TestJvms.awaitExit(consumer))
                .as("exit status; log %s", consumer.log())
                .isZero();
        return consumer.output();
    }
}
