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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue #12, item 1: the README's quick start, followed as written. A Maven project of a user's own is made of
 * exactly the README's snippets, built against the library as {@code ./mvnw install} installs it, and its provider
 * and consumer find each other through Nacos with nothing but the registry line (no {@code providedBy}).
 *
 * <p>Only what a test must change is given from outside, as system properties Dubbo lets override the code's
 * configuration: the registry address (this test's server and namespace, {@code register-host=127.0.0.1} so that
 * nothing leaves loopback) and a free protocol port.
 */
@WithNacos
class ReadmeQuickStartIT {

    private static final Path PROJECT_ROOT = Path.of(System.getProperty("it.projectRoot", ".."));

    private final String namespace = Names.unique("it-readme");

    @Test
    void aProjectMadeOfTheReadmeSnippetsBuildsAndItsConsumerCallsItsProvider(NacosTarget nacos) throws Exception {
        ReadmeSnippets snippets = ReadmeSnippets.read(PROJECT_ROOT.resolve("README.md"), "quick-start");
        String version = System.getProperty("it.projectVersion");
        assertThat(snippets.get("dependencies"))
                .as("the README's dependency snippet names the version this build makes")
                .contains("<version>" + version + "</version>");

        QuickStartProject project = new QuickStartProject(
                PROJECT_ROOT,
                version,
                Logs.dirFor(getClass()).resolve("quick-start"),
                Path.of(System.getProperty("it.mavenRepository")));
        project.write(snippets, "quickstart");
        project.installLibrary();
        String classPath = project.build();

        String registry = Registry.of(nacos).namespace(namespace).address();
        Map<String, String> overrides =
                Map.of("dubbo.registry.address", registry, "dubbo.protocol.port", String.valueOf(FreePorts.next()));
        try (ChildJvm provider = ChildJvm.start(
                "readme provider",
                project.dir().resolve("provider.log"),
                overrides,
                Map.of(),
                classPath,
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
                    project.dir().resolve("consumer.log"),
                    Map.of("dubbo.registry.address", registry),
                    Map.of(),
                    classPath,
                    "quickstart.GreeterConsumer",
                    List.of())) {
                eventually().until(() -> !consumer.isAlive());
                int exit = consumer.awaitExit();

                assertThat(exit)
                        .as("consumer exit status; log %s", consumer.log())
                        .isZero();
                assertThat(consumer.output()).contains("Hello, world");
            }
        }
    }
}
