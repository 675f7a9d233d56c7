package dev.nacosapp.it.readme;

import static dev.nacosapp.it.support.Waits.within;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nacosapp.it.support.FreePorts;
import dev.nacosapp.it.support.Logs;
import dev.nacosapp.it.support.Names;
import dev.nacosapp.it.support.Started;
import dev.nacosapp.it.support.TestJvms;
import dev.nacosapp.testkit.http.RegisteredInstance;
import dev.nacosapp.testkit.junit.WithNacos;
import dev.nacosapp.testkit.process.ChildJvm;
import dev.nacosapp.testkit.server.NacosTarget;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The migration steps of {@code docs/migration.md}, followed on a user's Spring Boot project like Dubbo's own Spring Boot sample: an
 * interface module, a provider and a consumer on Dubbo 3.3.1's {@code dubbo-bom}, {@code dubbo-spring-boot-starter} and
 * {@code dubbo-nacos-spring-boot-starter}, with log4j2 in place of Spring Boot's logback, registering through the
 * built-in {@code nacos://127.0.0.1:8848} ({@code src/test/projects/spring-boot-before-migration}). Steps 1 and 2 are
 * read from that page (its dependency block for an existing application goes into each application's pom, its
 * address replaces the built-in's), so the page and this test cannot drift apart. The copy is built with Maven
 * against the library as {@code ./mvnw install} installs it, and its provider and consumer jars run as a user runs
 * them.
 *
 * <p>It proves that the migrated applications call each other through {@code nacos-app} (the provider's
 * application-level instance is in Nacos, its interface-level one is not), that the page's block adds no second
 * SLF4J binding to an application that has log4j2's (SLF4J connects to log4j2 and reports no other provider; the
 * applications' lines come out in the project's log4j2 pattern), and that they run on nacos-client 2.4.2, which
 * {@code dubbo-bom} 3.3.1 decides over the library's 2.5.1 whichever client line this build tests.
 *
 * <p>Only what a test must change is changed: the server address in {@code application.yml} becomes the test
 * target's, and the command line adds a namespace of the test's own, {@code register-host=127.0.0.1} (so that nothing
 * leaves loopback), credentials of a target with auth, a free port and QoS off.
 */
@WithNacos
class ReadmeMigrationIT {

    private static final Path PROJECT_ROOT = Path.of(System.getProperty("it.projectRoot", ".."));

    private static final Path TEMPLATE =
            PROJECT_ROOT.resolve("integration-tests/src/test/projects/spring-boot-before-migration");

    /** The server address the page's steps are written for, and the project before migration uses. */
    private static final String README_SERVER = "127.0.0.1:8848";

    /** The application names and the interface in the project's sources. */
    private static final String PROVIDER = "greeting-provider";

    private static final String CONSUMER = "greeting-consumer";

    private static final String INTERFACE_LEVEL_SERVICE = "providers:com.example.greeting.GreetingService::";

    /** The versions the project's {@code dubbo-bom} 3.3.1 decides. */
    private static final String DUBBO_JAR = "dubbo-3.3.1.jar";

    private static final String NACOS_CLIENT_JAR = "nacos-client-2.4.2.jar";

    /** log4j2's SLF4J 2 provider, from {@code spring-boot-starter-log4j2}. */
    private static final String LOG4J2_PROVIDER = "org.apache.logging.slf4j.SLF4JServiceProvider";

    /** A Spring Boot application with Dubbo starts in about 10 s here; a loaded CI machine takes longer. */
    private static final Duration SPRING_BOOT_START = Duration.ofSeconds(120);

    private final String namespace = Names.unique("it-migration");

    private final Started started = new Started();

    @AfterEach
    void stopAll() throws Exception {
        started.close();
    }

    @Test
    void aSpringBootProjectMigratedByTheReadmeCallsThroughNacosAppAndLogsThroughItsOwnBindingOnly(NacosTarget nacos)
            throws Exception {
        ReadmeSnippets readme = ReadmeSnippets.read(PROJECT_ROOT.resolve("docs/migration.md"), "migration");
        String version = System.getProperty("it.projectVersion");
        String dependencies = readme.get("dependencies");
        assertThat(dependencies)
                .as(
                        "the migration page's block for an existing application: the library alone, at this build's version")
                .containsOnlyOnce("<dependency>")
                .contains("<artifactId>registry-nacos-appdiscovery</artifactId>")
                .contains("<version>" + version + "</version>");
        String before = registryAddress(readme.get("registry-before.properties"));
        String after = registryAddress(readme.get("registry-after.properties"));

        Path dir = Logs.dirFor(getClass());
        UserMaven maven = new UserMaven(
                PROJECT_ROOT,
                version,
                dir.resolve("repository"),
                Path.of(System.getProperty("it.mavenRepository")),
                dir);
        MigratedProject project = new MigratedProject(TEMPLATE, dir.resolve("project"), maven);
        project.addDependencies(dependencies);
        project.replaceRegistryAddress(before, after);
        project.replaceRegistryAddress(after, after.replace(README_SERVER, nacos.serverAddr()));
        maven.installLibrary();
        project.build();

        for (String application : MigratedProject.APPLICATIONS) {
            assertThat(project.libraries(application))
                    .as("libraries packaged into %s", application)
                    .contains("registry-nacos-appdiscovery-" + version + ".jar", DUBBO_JAR, NACOS_CLIENT_JAR)
                    .noneMatch(jar -> jar.startsWith("nacos-client-") && !jar.equals(NACOS_CLIENT_JAR))
                    .noneMatch(jar -> jar.startsWith("slf4j-simple-") || jar.startsWith("logback-classic-"));
        }

        nacos.http().createNamespace(namespace);
        int port = FreePorts.next();
        ChildJvm provider = started.add(start(project, PROVIDER, nacos, List.of("--dubbo.protocol.port=" + port)));
        List<RegisteredInstance> instances = within(SPRING_BOOT_START)
                .until(
                        () -> nacos.http().instances(namespace, "", PROVIDER),
                        list -> !list.isEmpty() || !provider.isAlive());
        assertThat(instances)
                .as("application-level instances of %s; log %s", PROVIDER, provider.log())
                .singleElement()
                .extracting(RegisteredInstance::address)
                .isEqualTo("127.0.0.1:" + port);
        assertThat(nacos.http().instances(namespace, "", INTERFACE_LEVEL_SERVICE))
                .as("interface-level instances, which the built-in nacos:// wrote and nacos-app does not")
                .isEmpty();

        ChildJvm consumer = started.add(start(project, CONSUMER, nacos, List.of()));
        within(SPRING_BOOT_START)
                .until(() -> consumer.output().contains("GreetingTask: Received: ") || !consumer.isAlive());
        assertThat(consumer.output())
                .as("consumer's output; log %s", consumer.log())
                .containsPattern(log4j2Line("c\\.e\\.g\\.c\\.GreetingTask", "Received: Hello, consumer"));

        assertThat(provider.output()).containsPattern(log4j2Line("\\S+", "[DUBBO] nacos-app: registered 127.0.0.1:"));
        for (ChildJvm application : List.of(provider, consumer)) {
            assertThat(application.output())
                    .as("SLF4J's report in %s", application)
                    .contains("SLF4J(D): Connected with provider of type [" + LOG4J2_PROVIDER + "]")
                    .doesNotContain("multiple SLF4J providers")
                    .doesNotContain("multiple SLF4J bindings");
        }
    }

    /**
     * Runs an application's jar as {@code java -jar} would, with what the test must add on the command line.
     * SLF4J is asked to report the provider it connects to.
     */
    private ChildJvm start(MigratedProject project, String application, NacosTarget nacos, List<String> moreArgs)
            throws IOException {
        List<String> args = new ArrayList<>();
        args.add("--dubbo.registry.parameters.namespace=" + namespace);
        args.add("--dubbo.registry.parameters.register-host=127.0.0.1");
        args.add("--dubbo.application.qos-enable=false");
        nacos.credentials().ifPresent(c -> {
            args.add("--dubbo.registry.username=" + c.username());
            args.add("--dubbo.registry.password=" + c.password());
        });
        args.addAll(moreArgs);
        return TestJvms.builder(application, project.launcher(application))
                .classPath(project.jar(application).toString())
                .log(Logs.dirFor(getClass()).resolve(application + ".log"))
                .systemProperty("slf4j.internal.verbosity", "DEBUG")
                .args(args)
                .start();
    }

    /**
     * A line as the project's {@code log4j2.xml} lays it out: {@code %d{ISO8601} %-5level [%t] %c{1.}: %msg}.
     *
     * @param logger the abbreviated logger name, a regular expression
     * @param message the start of the message, literal
     */
    private static Pattern log4j2Line(String logger, String message) {
        return Pattern.compile("(?m)^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d,\\d{3} INFO  \\[[^\\]]+\\] " + logger
                + ": +" + Pattern.quote(message));
    }

    private static String registryAddress(String propertiesSnippet) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(propertiesSnippet));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(properties).containsOnlyKeys("dubbo.registry.address");
        return properties.getProperty("dubbo.registry.address");
    }
}
