package dev.nacosapp.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.nacosapp.testkit.embedded.EmbeddedNacosServer;
import dev.nacosapp.testkit.http.NacosHttpClients;
import dev.nacosapp.testkit.model.NacosLine;
import dev.nacosapp.testkit.server.NacosTarget;
import dev.nacosapp.testkit.server.NacosTargetConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.testcontainers.DockerClientFactory;

/** The JUnit 5 switch: target selection, sharing per class, skips and clear failures. */
class NacosTargetExtensionTest {

    static final List<String> SEEN = new CopyOnWriteArrayList<>();

    @Test
    void injectsTheEmbeddedTargetByDefaultIntoConstructorsAndMethods() {
        EngineExecutionResults results = run(UsesTheTarget.class, Map.of(NacosTargetConfig.TARGET, "embedded"));

        results.testEvents().assertStatistics(stats -> stats.succeeded(2).failed(0));
    }

    @Test
    void startsOneTargetPerTestClass() {
        SEEN.clear();

        run(UsesTheTarget.class, Map.of(NacosTargetConfig.TARGET, "embedded"));

        assertThat(SEEN).hasSize(2).containsOnly(SEEN.get(0));
    }

    @Test
    void externalWithoutAnAddressFailsWithAMessageThatSaysWhatToSet() {
        EngineExecutionResults results = run(UsesTheTarget.class, Map.of(NacosTargetConfig.TARGET, "external"));

        assertThat(failureMessages(results))
                .singleElement()
                .asString()
                .contains("nacos.target=external needs nacos.addr=host:port");
    }

    @Test
    void externalWithAMalformedAddressFails() {
        EngineExecutionResults results = run(
                UsesTheTarget.class, Map.of(NacosTargetConfig.TARGET, "external", NacosTargetConfig.ADDR, "127.0.0.1"));

        assertThat(failureMessages(results)).singleElement().asString().contains("nacos.addr='127.0.0.1' is malformed");
    }

    @Test
    void theContractRunsUnchangedAgainstAnExternalServer() {
        try (EmbeddedNacosServer running = EmbeddedNacosServer.builder().build().start()) {
            EngineExecutionResults results = run(
                    "dev.nacosapp.testkit.NacosTargetContractTest",
                    Map.of(NacosTargetConfig.TARGET, "external", NacosTargetConfig.ADDR, running.serverAddr()));

            // Restarting and pausing pushes need a server the test controls: those two skip.
            results.testEvents()
                    .assertStatistics(stats -> stats.succeeded(3).aborted(2).failed(0));
            // Every client the contract created was shut down again.
            await().atMost(Duration.ofSeconds(10)).until(() -> running.clients().connectionCount() == 0);
        }
    }

    @Test
    void theContractRunsUnchangedAgainstAnExternal3xServerWithoutAnyV1Call() {
        try (EmbeddedNacosServer running =
                EmbeddedNacosServer.builder().line(NacosLine.V3).build().start()) {
            NacosHttpClients.create(running.serverAddr()).initialiseAdmin("external-admin");
            EngineExecutionResults results = run(
                    "dev.nacosapp.testkit.NacosTargetContractTest",
                    Map.of(
                            NacosTargetConfig.TARGET, "external",
                            NacosTargetConfig.ADDR, running.serverAddr(),
                            NacosTargetConfig.ADMIN_USERNAME, "nacos",
                            NacosTargetConfig.ADMIN_PASSWORD, "external-admin"));

            results.testEvents()
                    .assertStatistics(stats -> stats.succeeded(3).aborted(2).failed(0));
            assertThat(running.clients().legacyHttpCallCount())
                    .as("v1/v2 HTTP calls other than nacos-client's login")
                    .isZero();
        }
    }

    @Test
    void theContractRunsUnchangedAgainstTheEmbeddedServerIn3xMode() {
        EngineExecutionResults results = run(
                "dev.nacosapp.testkit.NacosTargetContractTest",
                Map.of(NacosTargetConfig.TARGET, "embedded", NacosTargetConfig.EMBEDDED_LINE, "3.x"));

        results.testEvents().assertStatistics(stats -> stats.succeeded(5).failed(0));
    }

    @Test
    void aClassWhoseTestsAllNeedTheEmbeddedServerNeverStartsAnotherTarget() {
        // Nothing listens there: starting the external target would fail every test.
        EngineExecutionResults results = run(
                OnlyEmbeddedTests.class,
                Map.of(NacosTargetConfig.TARGET, "external", NacosTargetConfig.ADDR, "127.0.0.1:1"));

        results.testEvents().assertStatistics(stats -> stats.aborted(2).failed(0));
        assertThat(results.testEvents().aborted().stream().map(e -> e.getPayload(TestExecutionResult.class)
                        .flatMap(TestExecutionResult::getThrowable)
                        .map(Throwable::getMessage)
                        .orElse("")))
                .allSatisfy(message -> assertThat(message).contains("needs the embedded Nacos server"));
    }

    @Test
    void containerWithoutDockerSkipsEveryTestWithTheReason() {
        Assumptions.assumeFalse(
                DockerClientFactory.instance().isDockerAvailable(), "Docker is available; the container would start");

        EngineExecutionResults results = run(UsesTheTarget.class, Map.of(NacosTargetConfig.TARGET, "container"));

        results.testEvents()
                .assertStatistics(stats -> stats.aborted(2).succeeded(0).failed(0));
        assertThat(results.testEvents().aborted().stream().map(e -> e.getPayload(TestExecutionResult.class)
                        .flatMap(TestExecutionResult::getThrowable)
                        .map(Throwable::getMessage)
                        .orElse("")))
                .allSatisfy(message -> assertThat(message).contains("needs a Docker engine"));
    }

    @Test
    void lifecycleMethodsGetTheTargetToo() {
        EngineExecutionResults results =
                run(UsesTheTargetInBeforeAll.class, Map.of(NacosTargetConfig.TARGET, "embedded"));

        results.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
        assertThat(UsesTheTargetInBeforeAll.fromBeforeAll).isNotNull();
    }

    private static EngineExecutionResults run(Class<?> testClass, Map<String, String> settings) {
        return run(testClass.getName(), settings);
    }

    private static EngineExecutionResults run(String testClass, Map<String, String> settings) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameters(settings)
                .selectors(selectClass(testClass))
                .execute();
    }

    private static List<String> failureMessages(EngineExecutionResults results) {
        return results.containerEvents().failed().stream()
                .map(e -> e.getPayload(TestExecutionResult.class)
                        .flatMap(TestExecutionResult::getThrowable)
                        .map(Throwable::getMessage)
                        .orElse(""))
                .toList();
    }

    /** Run only through the engine test kit above (Surefire skips nested classes). */
    @WithNacos
    static class UsesTheTarget {

        private final NacosTarget fromConstructor;

        UsesTheTarget(NacosTarget fromConstructor) {
            this.fromConstructor = fromConstructor;
        }

        @Test
        void first(NacosTarget target) {
            assertThat(target).isSameAs(fromConstructor);
            assertThat(target.kind()).isEqualTo("embedded");
            assertThat(target.http().isReady()).isTrue();
            SEEN.add(target.serverAddr());
        }

        @Test
        void second(NacosTarget target) {
            assertThat(target.serverAddr()).startsWith("127.0.0.1:");
            SEEN.add(target.serverAddr());
        }
    }

    /** Run only through the engine test kit above. */
    @WithNacos
    static class OnlyEmbeddedTests {

        private final NacosTarget nacos;

        OnlyEmbeddedTests(NacosTarget nacos) {
            this.nacos = nacos;
        }

        @BeforeEach
        void needsTheEmbeddedServer() {
            nacos.requireEmbedded("Pausing pushes");
        }

        @Test
        void first() {
            nacos.http();
        }

        @Test
        void second(NacosTarget target) {
            target.embedded().orElseThrow().faults().pausePushes();
        }
    }

    /** Run only through the engine test kit above. */
    @WithNacos
    static class UsesTheTargetInBeforeAll {

        static NacosTarget fromBeforeAll;

        @BeforeAll
        static void remember(NacosTarget target) {
            fromBeforeAll = target;
        }

        @Test
        void sameTarget(NacosTarget target) {
            assertThat(target).isSameAs(fromBeforeAll);
        }
    }
}
