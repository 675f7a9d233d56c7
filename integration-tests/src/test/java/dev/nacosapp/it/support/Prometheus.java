package dev.nacosapp.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Prometheus server (the {@code prometheus} binary, 2.x) that a test starts on 127.0.0.1 to scrape one target
 * every second, then asks through its HTTP query API; and {@code promtool}, to unit-test alert rules. The binaries are
 * looked up in {@code -Dit.prometheus.home} (a directory holding them, as {@code .ci/run} prepares from Debian's
 * {@code prometheus} package) and then on the {@code PATH}; without them the calling test is skipped with the reason.
 * Not thread-safe; one per test.
 */
public final class Prometheus implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;

    private final int port;

    private final Path log;

    private Prometheus(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Finds one of Prometheus' binaries, or skips the calling test.
     *
     * @param name {@code prometheus} or {@code promtool}
     * @return the executable
     */
    public static Path requireBinary(String name) {
        Optional<Path> binary = binary(name);
        Assumptions.assumeTrue(
                binary.isPresent(),
                () -> "No " + name + " in -Dit.prometheus.home (" + System.getProperty("it.prometheus.home")
                        + ") or on the PATH: install Prometheus 2.x (Debian: apt-get install prometheus) or point"
                        + " -Dit.prometheus.home at a directory holding prometheus and promtool");
        return binary.get();
    }

    private static Optional<Path> binary(String name) {
        List<Path> dirs = new ArrayList<>();
        String home = System.getProperty("it.prometheus.home");
        if (home != null && !home.isBlank()) {
            dirs.add(Paths.get(home));
        }
        Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .map(Paths::get)
                .forEach(dirs::add);
        return dirs.stream()
                .map(dir -> dir.resolve(name))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /**
     * Starts a server that scrapes {@code http://127.0.0.1:<targetPort>/metrics} every second and loads the given
     * rule file, and waits until it answers ready.
     *
     * @param dir a fresh directory for its configuration, data and log
     * @param targetPort the port of the scraped target on 127.0.0.1
     * @param rules a rule file, or null for none
     * @return the running server
     */
    public static Prometheus scraping(Path dir, int targetPort, Path rules) {
        Path binary = requireBinary("prometheus");
        int port = FreePorts.next();
        Path log = dir.resolve("prometheus.log");
        try {
            Files.createDirectories(dir);
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(
                    config,
                    "global:\n"
                            + "  scrape_interval: 1s\n"
                            + "  evaluation_interval: 1s\n"
                            + (rules == null ? "" : "rule_files:\n  - " + rules.toAbsolutePath() + "\n")
                            + "scrape_configs:\n"
                            + "  - job_name: dubbo\n"
                            + "    metrics_path: /metrics\n"
                            + "    static_configs:\n"
                            + "      - targets: ['127.0.0.1:" + targetPort + "']\n");
            Process process = new ProcessBuilder(
                            binary.toString(),
                            "--config.file=" + config,
                            "--storage.tsdb.path=" + dir.resolve("data"),
                            "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            Prometheus prometheus = new Prometheus(process, port, log);
            Waits.eventually().ignoreExceptions().until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Prometheus exited; see " + log);
                }
                return prometheus.get("/-/ready").statusCode() == 200;
            });
            return prometheus;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + binary + "; see " + log, e);
        }
    }

    /**
     * Evaluates an instant query and returns the value of its only series.
     *
     * @param promql the query
     * @return the value, or empty when no series matches
     * @throws IllegalStateException when the query fails or matches more than one series
     */
    public OptionalDouble value(String promql) {
        HttpResponse<String> response = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        try {
            JsonNode body = JSON.readTree(response.body());
            if (response.statusCode() != 200
                    || !"success".equals(body.path("status").asText())) {
                throw new IllegalStateException(promql + " failed: " + response.body());
            }
            JsonNode result = body.path("data").path("result");
            if (result.size() > 1) {
                throw new IllegalStateException(promql + " matches " + result.size() + " series: " + result);
            }
            return result.isEmpty()
                    ? OptionalDouble.empty()
                    : OptionalDouble.of(Double.parseDouble(
                            result.get(0).path("value").get(1).asText()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse<String> get(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5))
                .GET()
                .build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("Prometheus at 127.0.0.1:" + port + " did not answer; see " + log, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs {@code promtool test rules} on a test file, in its directory.
     *
     * @param testFile the rule test file, naming its rule files relative to its directory
     * @return promtool's exit code and output
     */
    public static ToolRun testRules(Path testFile) {
        Path promtool = requireBinary("promtool");
        try {
            Process process = new ProcessBuilder(promtool.toString(), "test", "rules", testFile.toString())
                    .directory(testFile.getParent().toFile())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("promtool did not finish within 60 s: " + output);
            }
            return new ToolRun(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * What a command line tool did.
     *
     * @param exitCode its exit code
     * @param output its stdout and stderr
     */
    public record ToolRun(int exitCode, String output) {}
}
