package dev.nacosapp.it.readme;

import static dev.nacosapp.it.support.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nacosapp.it.support.FreePorts;
import dev.nacosapp.it.support.Logs;
import dev.nacosapp.it.support.Names;
import dev.nacosapp.it.support.Registry;
import dev.nacosapp.it.support.TestJvms;
import dev.nacosapp.testkit.junit.WithNacos;
import dev.nacosapp.testkit.process.ChildJvm;
import dev.nacosapp.testkit.server.NacosTarget;
import java.io.File;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's quick start, followed as written, on Dubbo 3.3 and, with the "On Dubbo 3.2" changes of
 * {@code docs/compatibility.md}, on Dubbo 3.2. Maven projects of a user's own are made of exactly the README's snippets (one with Dubbo's plain API, one
 * Spring Boot consumer), built against the library as {@code ./mvnw install} installs it, and their provider and
 * consumers find each other through Nacos with nothing but the registry line (no {@code providedBy}). Consumers open
 * no port of their own.
 *
 * <p>Only what a test must change is given from outside, as system properties that Dubbo lets override the code's
 * and {@code application.yml}'s configuration: the registry address (this test's server and namespace, with
 * {@code register-host=127.0.0.1} so that nothing leaves loopback) and a free protocol port; for the plain API's
 * JVMs the config center's address too.
 */
@WithNacos
class ReadmeQuickStartIT {

    private static final Path PROJECT_ROOT = Path.of(System.getProperty("it.projectRoot", ".."));

    private static final Path README = PROJECT_ROOT.resolve("README.md");

    /** Where the changes for Dubbo 3.2 are: the compatibility page, beside what else differs on that line. */
    private static final Path COMPATIBILITY = PROJECT_ROOT.resolve("docs/compatibility.md");

    private static final String LIBRARY_VERSION = System.getProperty("it.projectVersion");

    /** The user projects' own Maven repository, which holds the library as {@code ./mvnw install} installs it. */
    private static final Path REPOSITORY = Logs.dirFor(ReadmeQuickStartIT.class).resolve("repository");

    private static final Path SHARED_REPOSITORY = Path.of(System.getProperty("it.mavenRepository", ""));

    /** What Dubbo 3.2 and 3.3 log when a process exports its MetadataService, on a Dubbo port it opens. */
    private static final String METADATA_SERVICE_EXPORTED = "The MetadataService exports urls";

    private final String namespace = Names.unique("it-readme");

    @BeforeAll
    static void installLibrary() {
        new UserMaven(
                        PROJECT_ROOT,
                        LIBRARY_VERSION,
                        REPOSITORY,
                        SHARED_REPOSITORY,
                        Logs.dirFor(ReadmeQuickStartIT.class))
                .installLibrary();
    }

    @Test
    void projectsMadeOfTheReadmeSnippetsBuildAndTheirConsumersCallTheProvider(NacosTarget nacos) throws Exception {
        runQuickStart(nacos, "dubbo-3.3", QuickStartSnippets.fromReadme());
    }

    @Test
    void onDubbo32TheSnippetsWithTheReadmesDubbo32ChangesBuildAndTheirConsumersCallTheProvider(NacosTarget nacos)
            throws Exception {
        Dubbo32Changes changes = Dubbo32Changes.from(ReadmeSnippets.read(COMPATIBILITY, "quick-start-dubbo32"));
        assertThat(changes.version())
                .as("the Dubbo 3.2 version of docs/compatibility.md is the one this build tests the 3.2 line with")
                .isEqualTo(System.getProperty("it.dubbo32.version"));

        runQuickStart(nacos, "dubbo-3.2", QuickStartSnippets.fromReadme().onDubbo32(changes));
    }

    private void runQuickStart(NacosTarget nacos, String line, QuickStartSnippets snippets) throws Exception {
        assertThat(List.of(snippets.plainDependencies(), snippets.bootDependencies()))
                .as("the README's dependency snippets name the version this build makes")
                .allSatisfy(snippet -> assertThat(snippet).contains("<version>" + LIBRARY_VERSION + "</version>"));

        Path dir = Logs.dirFor(getClass()).resolve(line);
        QuickStartProject plainProject = new QuickStartProject(
                PROJECT_ROOT, LIBRARY_VERSION, dir.resolve("plain"), REPOSITORY, SHARED_REPOSITORY);
        plainProject.write(snippets.plainDependencies(), snippets.plainFiles(), "quickstart");
        String plainClassPath = plainProject.build();

        QuickStartProject bootProject = new QuickStartProject(
                PROJECT_ROOT, LIBRARY_VERSION, dir.resolve("spring-boot"), REPOSITORY, SHARED_REPOSITORY);
        bootProject.write(snippets.bootDependencies(), snippets.bootFiles(), "quickstart");
        String bootClassPath = bootProject.build();

        String dubboVersion = Dubbo32Changes.dubboVersion(snippets.plainDependencies());
        assertThat(Dubbo32Changes.dubboVersion(snippets.bootDependencies())).isEqualTo(dubboVersion);
        assertThat(List.of(plainClassPath, bootClassPath))
                .as("both projects run on the Dubbo their dependencies name, %s", dubboVersion)
                .allSatisfy(
                        classPath -> assertThat(classPath).contains(File.separator + "dubbo-" + dubboVersion + ".jar"));

        String registry = Registry.of(nacos).namespace(namespace).address();
        // Dubbo takes its config center from a registry in the code before system properties override that
        // registry's address, so the plain API's JVMs get the config center's too; otherwise it goes to the
        // snippets' 127.0.0.1:8848, whatever listens there. Spring Boot binds the override before Dubbo sees it.
        Map<String, String> plainRegistry =
                Map.of("dubbo.registry.address", registry, "dubbo.config-center.address", registry);
        Map<String, String> providerProperties = new LinkedHashMap<>(plainRegistry);
        providerProperties.put("dubbo.protocol.port", String.valueOf(FreePorts.next()));
        try (ChildJvm provider = TestJvms.builder("readme provider on " + line, "quickstart.GreeterProvider")
                .classPath(plainClassPath)
                .log(dir.resolve("provider.log"))
                .systemProperties(providerProperties)
                .start()) {
            eventually()
                    .until(
                            () -> nacos.http().instances(namespace, "", "greeter-provider"),
                            instances -> !instances.isEmpty() || !provider.isAlive());
            assertThat(provider.isAlive())
                    .as("provider running; log %s", provider.log())
                    .isTrue();
            assertThat(provider.output()).contains(METADATA_SERVICE_EXPORTED);

            try (ChildJvm consumer = TestJvms.builder("readme consumer on " + line, "quickstart.GreeterConsumer")
                    .classPath(plainClassPath)
                    .log(dir.resolve("consumer.log"))
                    .systemProperties(plainRegistry)
                    .start()) {
                eventually().until(() -> !consumer.isAlive());

                assertThat(TestJvms.awaitExit(consumer))
                        .as("consumer exit status; log %s", consumer.log())
                        .isZero();
                assertThat(consumer.output()).contains("Hello, world").doesNotContain(METADATA_SERVICE_EXPORTED);
            }

            try (ChildJvm bootConsumer = TestJvms.builder(
                            "readme Spring Boot consumer on " + line, "quickstart.GreeterClientApplication")
                    .classPath(bootClassPath)
                    .log(dir.resolve("boot-consumer.log"))
                    .systemProperty("dubbo.registry.address", registry)
                    .start()) {
                eventually().until(() -> bootConsumer.output().contains("Hello, Spring") || !bootConsumer.isAlive());

                // Dubbo exports a consumer's MetadataService, if at all, while starting, before the runner greets.
                assertThat(bootConsumer.output())
                        .as("Spring Boot consumer's output; log %s", bootConsumer.log())
                        .contains("Hello, Spring")
                        .doesNotContain(METADATA_SERVICE_EXPORTED);
            }
        }
    }

    /** The README's quick-start snippets, as the files of the two projects. */
    private record QuickStartSnippets(
            String plainDependencies,
            Map<String, String> plainFiles,
            String bootDependencies,
            Map<String, String> bootFiles) {

        static QuickStartSnippets fromReadme() {
            ReadmeSnippets plain = ReadmeSnippets.read(README, "quick-start");
            ReadmeSnippets boot = ReadmeSnippets.read(README, "quick-start-boot");
            Map<String, String> bootFiles = new LinkedHashMap<>(javaFiles(boot));
            bootFiles.put("Greeter.java", plain.get("Greeter.java"));
            bootFiles.put("application.yml", boot.get("application.yml"));
            return new QuickStartSnippets(
                    plain.get("dependencies"), javaFiles(plain), boot.get("dependencies"), bootFiles);
        }

        QuickStartSnippets onDubbo32(Dubbo32Changes changes) {
            Map<String, String> plain = new LinkedHashMap<>(plainFiles);
            plain.put("GreeterConsumer.java", changes.consumer(plain.get("GreeterConsumer.java")));
            Map<String, String> boot = new LinkedHashMap<>(bootFiles);
            boot.put("application.yml", changes.applicationYml(boot.get("application.yml")));
            return new QuickStartSnippets(
                    changes.dependencies(plainDependencies), plain, changes.dependencies(bootDependencies), boot);
        }

        private static Map<String, String> javaFiles(ReadmeSnippets snippets) {
            Map<String, String> files = new LinkedHashMap<>();
            snippets.all().forEach((name, text) -> {
                if (name.endsWith(".java")) {
                    files.put(name, text);
                }
            });
            return files;
        }
    }
}
