package dev.nacosapp.it.readme;

import static dev.nacosapp.it.support.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nacosapp.it.support.ChildJvm;
import dev.nacosapp.it.support.FreePorts;
import dev.nacosapp.it.support.Logs;
import dev.nacosapp.it.support.Names;
import dev.nacosapp.it.support.Registry;
import dev.nacosapp.testkit.NacosTarget;
import dev.nacosapp.testkit.junit.WithNacos;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue #12, item 1: the README's quick start, followed as written. Maven projects of a user's own are made of exactly
 * the README's snippets (one with Dubbo's plain API, one Spring Boot consumer), built against the library as
 * {@code ./mvnw install} installs it, and their provider and consumers find each other through Nacos with nothing but
 * the registry line (no {@code providedBy}).
 *
 * <p>Only what a test must change is given from outside, as system properties that Dubbo lets override the code's
 * and {@code application.yml}'s configuration: the registry address (this test's server and namespace, with
 * {@code register-host=127.0.0.1} so that nothing leaves loopback) and a free protocol port; for the plain API's
 * JVMs the config center's address too.
 */
@WithNacos
class ReadmeQuickStartIT {

    private static final Path PROJECT_ROOT = Path.of(System.getProperty("it.projectRoot", ".."));

    private final String namespace = Names.unique("it-readme");

    @Test
    void projectsMadeOfTheReadmeSnippetsBuildAndTheirConsumersCallTheProvider(NacosTarget nacos) throws Exception {
        Path readme = PROJECT_ROOT.resolve("README.md");
        ReadmeSnippets plain = ReadmeSnippets.read(readme, "quick-start");
        ReadmeSnippets boot = ReadmeSnippets.read(readme, "quick-start-boot");
        String version = System.getProperty("it.projectVersion");
        assertThat(List.of(plain.get("dependencies"), boot.get("dependencies")))
                .as("the README's dependency snippets name the version this build makes")
                .allSatisfy(snippet -> assertThat(snippet).contains("<version>" + version + "</version>"));

        Path dir = Logs.dirFor(getClass());
        Path repository = dir.resolve("repository");
        Path shared = Path.of(System.getProperty("it.mavenRepository"));
        QuickStartProject plainProject =
                new QuickStartProject(PROJECT_ROOT, version, dir.resolve("plain"), repository, shared);
        plainProject.write(plain.get("dependencies"), javaFiles(plain), "quickstart");
        plainProject.installLibrary();
        String plainClassPath = plainProject.build();

        Map<String, String> bootFiles = new LinkedHashMap<>(javaFiles(boot));
        bootFiles.put("Greeter.java", plain.get("Greeter.java"));
        bootFiles.put("application.yml", boot.get("application.yml"));
        QuickStartProject bootProject =
                new QuickStartProject(PROJECT_ROOT, version, dir.resolve("spring-boot"), repository, shared);
        bootProject.write(boot.get("dependencies"), bootFiles, "quickstart");
        String bootClassPath = bootProject.build();

        String registry = Registry.of(nacos).namespace(namespace).address();
        // Dubbo takes its config center from a registry in the code before system properties override that
        // registry's address, so the plain API's JVMs get the config center's too; otherwise it goes to the
        // snippets' 127.0.0.1:8848, whatever listens there. Spring Boot binds the override before Dubbo sees it.
        Map<String, String> plainRegistry =
                Map.of("dubbo.registry.address", registry, "dubbo.config-center.address", registry);
        Map<String, String> providerProperties = new LinkedHashMap<>(plainRegistry);
        providerProperties.put("dubbo.protocol.port", String.valueOf(FreePorts.next()));
        try (ChildJvm provider = ChildJvm.start(
                "readme provider",
                dir.resolve("provider.log"),
                providerProperties,
                Map.of(),
                plainClassPath,
                "quickstart.GreeterProvider",
                List.of())) {
            eventually()
                    .until(
                            () -> nacos.http().instances(namespace, "", "greeter-provider"),
                            instances -> !instances.isEmpty() || !provider.isAlive());
            assertThat(provider.isAlive())
                    .as("provider running; log %s", provider.log())
                    .isTrue();

            try (ChildJvm consumer = ChildJvm.start(
                    "readme consumer",
                    dir.resolve("consumer.log"),
                    plainRegistry,
                    Map.of(),
                    plainClassPath,
                    "quickstart.GreeterConsumer",
                    List.of())) {
                eventually().until(() -> !consumer.isAlive());

                assertThat(consumer.awaitExit())
                        .as("consumer exit status; log %s", consumer.log())
                        .isZero();
                assertThat(consumer.output()).contains("Hello, world");
            }

            try (ChildJvm bootConsumer = ChildJvm.start(
                    "readme Spring Boot consumer",
                    dir.resolve("boot-consumer.log"),
                    Map.of("dubbo.registry.address", registry),
                    Map.of(),
                    bootClassPath,
                    "quickstart.GreeterClientApplication",
                    List.of())) {
                eventually().until(() -> bootConsumer.output().contains("Hello, Spring") || !bootConsumer.isAlive());

                assertThat(bootConsumer.output())
                        .as("Spring Boot consumer's output; log %s", bootConsumer.log())
                        .contains("Hello, Spring");
            }
        }
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
