package dev.nacosapp.samples.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nacosapp.testkit.embedded.EmbeddedNacosServer;
import dev.nacosapp.testkit.http.NacosHttpClients;
import dev.nacosapp.testkit.model.NacosLine;
import dev.nacosapp.testkit.process.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Runs the demo end to end, as {@code demo.sh} does: its main class in a JVM of its own, which starts the provider and
 * consumer JVMs. Checks what it prints, its exit code and that it leaves no process behind.
 */
class DemoIT {
    private static final Duration DEMO_TIMEOUT = Duration.ofMinutes(3);
    private static final Pattern ANSWER =
            Pattern.compile("\\s*call \\d+ -> answered by (\\S+) \\(127\\.0\\.0\\.1:\\d+\\) from 127\\.0\\.0\\.1");
    /** What Dubbo 3.2 and 3.3 log when a process exports its MetadataService. */
    private static final String METADATA_SERVICE_EXPORTED = "The MetadataService exports urls";

    private static final Pattern PIDS =
            Pattern.compile("\\s*pids: provider-a (\\d+), provider-b (\\d+), consumer (\\d+)");

    @Test
    void bothProvidersAnswerUntilOneStopsThenTheOtherAnswersEveryCall() throws Exception {
        DemoRun run = DemoRun.of("embedded", null);

        assertThat(run.exitCode).as(run.describe()).isZero();
        assertThat(run.lines)
                .as(run.describe())
                .anyMatch(line ->
                        line.startsWith("[1/6] Nacos: started the embedded Nacos-compatible server at 127.0.0.1:"));
        assertThat(answersBetween(run.lines, "[4/6]", "[5/6]"))
                .as(run.describe())
                .hasSize(9)
                .containsOnly("provider-a", "provider-b")
                .contains("provider-a", "provider-b");
        assertThat(answersBetween(run.lines, "[5/6]", "[6/6]"))
                .as(run.describe())
                .hasSize(6)
                .containsOnly("provider-b");
        // Providers serve their MetadataService; the consumer (register-consumer false, which Dubbo 3.2 does not
        // default to) opens no port at all.
        assertThat(run.log("provider-a")).contains(METADATA_SERVICE_EXPORTED);
        assertThat(run.log("consumer")).isNotEmpty().doesNotContain(METADATA_SERVICE_EXPORTED);
        assertNoProcessLeft(run);
    }

    @Test
    void usesTheNacosServerNamedByNacosAddrAndLeavesNothingRegistered() throws Exception {
        try (EmbeddedNacosServer server =
                EmbeddedNacosServer.builder().port(0).build().start()) {
            DemoRun run = DemoRun.of("external", server.serverAddr());

            assertThat(run.exitCode).as(run.describe()).isZero();
            assertThat(run.lines)
                    .as(run.describe())
                    .contains("[1/6] Nacos: using the Nacos server at " + server.serverAddr() + " (a 2.x server)");
            assertThat(answersBetween(run.lines, "[5/6]", "[6/6]")).containsOnly("provider-b");
            assertThat(server.naming().instances("", "DEFAULT_GROUP", "greeting-provider"))
                    .isEmpty();
            assertNoProcessLeft(run);
        }
    }

    @Test
    void usesANacos3ServerThroughItsV3AdminApi() throws Exception {
        // A stock Nacos 3.0 answers the v1 console and admin paths with 410 and keeps its admin API behind a login.
        try (EmbeddedNacosServer server =
                EmbeddedNacosServer.builder().port(0).line(NacosLine.V3).build().start()) {
            String adminPassword = "demo-admin-secret";
            assertThat(NacosHttpClients.create(server.serverAddr()).initialiseAdmin(adminPassword))
                    .isTrue();

            DemoRun run = DemoRun.of("external-3x", server.serverAddr(), Map.of("NACOS_ADMIN_PASSWORD", adminPassword));

            assertThat(run.exitCode).as(run.describe()).isZero();
            assertThat(run.lines)
                    .as(run.describe())
                    .contains("[1/6] Nacos: using the Nacos server at " + server.serverAddr() + " (a 3.x server)")
                    .anyMatch(
                            line -> line.startsWith("[3/6]") && line.endsWith("GET /nacos/v3/admin/ns/instance/list:"));
            assertThat(answersBetween(run.lines, "[4/6]", "[5/6]")).contains("provider-a", "provider-b");
            assertThat(answersBetween(run.lines, "[5/6]", "[6/6]")).containsOnly("provider-b");
            assertThat(server.clients().legacyHttpCallCount())
                    .as("v1/v2 HTTP calls")
                    .isZero();
            assertThat(server.naming().instances("", "DEFAULT_GROUP", "greeting-provider"))
                    .isEmpty();
            assertNoProcessLeft(run);
        }
    }

    private static List<String> answersBetween(List<String> lines, String fromStep, String toStep) {
        List<String> answers = new ArrayList<>();
        boolean inside = false;
        for (String line : lines) {
            if (line.startsWith(fromStep)) {
                inside = true;
            } else if (line.startsWith(toStep)) {
                break;
            } else if (inside) {
                Matcher matcher = ANSWER.matcher(line);
                if (matcher.matches()) {
                    answers.add(matcher.group(1));
                }
            }
        }
        return answers;
    }

    private static void assertNoProcessLeft(DemoRun run) {
        List<Long> pids = new ArrayList<>();
        for (String line : run.lines) {
            Matcher matcher = PIDS.matcher(line);
            if (matcher.matches()) {
                for (int group = 1; group <= 3; group++) {
                    pids.add(Long.parseLong(matcher.group(group)));
                }
            }
        }
        assertThat(pids).as(run.describe()).hasSize(3);
        assertThat(pids).as("processes the demo started").noneMatch(pid -> ProcessHandle.of(pid)
                .map(ProcessHandle::isAlive)
                .orElse(false));
    }

    /** One run of the demo's main class in its own JVM, to completion. */
    private static final class DemoRun {
        final List<String> lines;
        final int exitCode;
        final Path output;

        private DemoRun(List<String> lines, int exitCode, Path output) {
            this.lines = lines;
            this.exitCode = exitCode;
            this.output = output;
        }

        static DemoRun of(String name, String nacosAddress) throws IOException {
            return of(name, nacosAddress, Map.of());
        }

        static DemoRun of(String name, String nacosAddress, Map<String, String> extraEnv) throws IOException {
            Path logs = Path.of(System.getProperty("demo.logs.dir", "target/demo-it-logs"), name);
            Files.createDirectories(logs);
            Path output = logs.resolve("demo-output.txt");
            String classpath = System.getProperty("demo.classes.dir", "target/classes")
                    + java.io.File.pathSeparator
                    + Files.readString(Path.of(System.getProperty("demo.classpath.file", "target/demo.classpath")))
                            .trim();
            Map<String, String> env = new HashMap<>();
            if (nacosAddress != null) {
                env.put("NACOS_ADDR", nacosAddress);
            }
            env.putAll(extraEnv);
            // Closing stops the demo only on timeout: SIGTERM runs its shutdown hook, which stops what it started.
            try (ChildJvm demo = ChildJvm.builder("demo " + name, DemoMain.class.getName())
                    .classPath(classpath)
                    .systemProperty("demo.logs.dir", logs.toString())
                    // The test's home (under target/): the demo's JVMs inherit it and leave the real one alone.
                    .systemProperty("user.home", System.getProperty("user.home"))
                    // The demo sees the test's Nacos, not one named in this JVM's environment.
                    .withoutEnvironment(List.of("NACOS_ADDR", "NACOS_ADMIN_USERNAME", "NACOS_ADMIN_PASSWORD"))
                    .environment(env)
                    .log(output)
                    .start()) {
                await().atMost(DEMO_TIMEOUT).until(() -> !demo.isAlive());
                return new DemoRun(Files.readAllLines(output), demo.exitValue(), output);
            }
        }

        String log(String process) throws IOException {
            return Files.readString(output.resolveSibling(process + ".log"));
        }

        String describe() {
            return "demo output (" + output + "):\n" + String.join("\n", lines);
        }
    }
}
