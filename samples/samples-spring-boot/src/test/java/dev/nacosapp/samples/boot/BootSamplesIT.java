package dev.nacosapp.samples.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.alibaba.nacos.api.naming.pojo.Instance;
import dev.nacosapp.samples.boot.consumer.BootConsumerApplication;
import dev.nacosapp.samples.boot.provider.BootProviderApplication;
import dev.nacosapp.testkit.embedded.EmbeddedNacosServer;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Runs the Spring Boot samples as a user would, each application in its own JVM with its {@code application.yml},
 * against the embedded Nacos-compatible server: two providers, then the consumer.
 */
class BootSamplesIT {
    private static final Duration STARTUP = Duration.ofSeconds(90);
    private static final Pattern ANSWER =
            Pattern.compile("call \\d+ -> answered by (\\S+) \\((127\\.0\\.0\\.1:\\d+)\\) from 127\\.0\\.0\\.1");

    /** What Dubbo 3.2 and 3.3 log when a process exports its MetadataService. */
    private static final String METADATA_SERVICE_EXPORTED = "The MetadataService exports urls";

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopProcesses() throws InterruptedException {
        started.forEach(Process::destroy);
        for (Process process : started) {
            process.waitFor();
        }
    }

    @Test
    void consumerConfiguredInYamlCallsBothTripleProvidersInProportionToTheirWeights() throws Exception {
        try (EmbeddedNacosServer server =
                EmbeddedNacosServer.builder().port(0).build().start()) {
            int portA = freePort();
            int portB = freePort();
            while (portB == portA) {
                portB = freePort();
            }
            start("boot-a", BootProviderApplication.class, List.of(), providerEnv(server, "boot-a", portA, "1.0"));
            start("boot-b", BootProviderApplication.class, List.of(), providerEnv(server, "boot-b", portB, "3.0"));
            await().atMost(STARTUP)
                    .until(() -> server.naming()
                                    .instances("", "DEFAULT_GROUP", "boot-greeting-provider")
                                    .size()
                            == 2);

            List<Instance> instances = server.naming().instances("", "DEFAULT_GROUP", "boot-greeting-provider");
            assertThat(instances).extracting(Instance::getIp).containsOnly("127.0.0.1");
            assertThat(instances).extracting(Instance::getPort).containsExactlyInAnyOrder(portA, portB);
            assertThat(instances).allSatisfy(instance -> assertThat(instance.getMetadata())
                    .containsEntry("env", "prod")
                    .containsEntry("zone", "hz"));

            Process consumer = start(
                    "consumer",
                    BootConsumerApplication.class,
                    List.of(),
                    Map.of("NACOS_ADDR", server.serverAddr(), "CALLS", "8"));
            await().atMost(STARTUP).until(() -> !consumer.isAlive());

            List<String> lines = Files.readAllLines(output("consumer"));
            assertThat(consumer.exitValue()).as(String.join("\n", lines)).isZero();
            Map<String, Integer> answers = new TreeMap<>();
            for (String line : lines) {
                Matcher matcher = ANSWER.matcher(line);
                if (matcher.matches()) {
                    answers.merge(matcher.group(1) + " " + matcher.group(2), 1, Integer::sum);
                }
            }
            // Round robin over Nacos weights 1.0 and 3.0: one call in four goes to boot-a.
            assertThat(answers)
                    .as(String.join("\n", lines))
                    .containsExactlyInAnyOrderEntriesOf(
                            Map.of("boot-a 127.0.0.1:" + portA, 2, "boot-b 127.0.0.1:" + portB, 6));

            // A provider serves its MetadataService; the consumer (register-consumer: false, which Dubbo 3.2 does not
            // default to) opens no port at all.
            assertThat(log("boot-a")).contains(METADATA_SERVICE_EXPORTED);
            assertThat(log("consumer")).isNotEmpty().doesNotContain(METADATA_SERVICE_EXPORTED);
        }
    }

    private static Map<String, String> providerEnv(EmbeddedNacosServer server, String name, int port, String weight) {
        return Map.of(
                "NACOS_ADDR",
                server.serverAddr(),
                "PROVIDER_NAME",
                name,
                "PROVIDER_PORT",
                Integer.toString(port),
                "PROVIDER_WEIGHT",
                weight);
    }

    private Process start(String name, Class<?> main, List<String> properties, Map<String, String> env)
            throws IOException {
        Path logs = Path.of(System.getProperty("boot.logs.dir", "target/boot-it-logs"));
        Files.createDirectories(logs);
        // Spring Boot appends to its log file: each run starts with an empty one.
        Files.deleteIfExists(logs.resolve(name + ".log"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-Dnacos.logging.default.config.enabled=false",
                "-DJM.SNAPSHOT.PATH=" + logs.resolve("nacos-client"),
                // The test's home, under target/: Dubbo's and nacos-client's files stay out of the real one.
                "-Duser.home=" + System.getProperty("user.home")));
        command.addAll(properties);
        command.addAll(List.of("-cp", classpath(), main.getName()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output(name).toFile());
        builder.environment().putAll(env);
        builder.environment()
                .put("SAMPLES_LOG_FILE", logs.resolve(name + ".log").toString());
        Process process = builder.start();
        started.add(process);
        return process;
    }

    private static String log(String name) throws IOException {
        return Files.readString(Path.of(System.getProperty("boot.logs.dir", "target/boot-it-logs"), name + ".log"));
    }

    private static Path output(String name) {
        return Path.of(System.getProperty("boot.logs.dir", "target/boot-it-logs"), name + ".out");
    }

    private static String classpath() throws IOException {
        return System.getProperty("boot.classes.dir", "target/classes")
                + File.pathSeparator
                + Files.readString(Path.of(System.getProperty("boot.classpath.file", "target/boot.classpath")))
                        .trim();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
