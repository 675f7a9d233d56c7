package dev.nacosapp.testkit.container;

import dev.nacosapp.testkit.model.NacosLine;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;

/**
 * Waits until a Nacos container answers its line's readiness path, and fails as soon as the container stops, with
 * its last log lines, instead of at the end of the startup timeout (a v3 image without its auth variables exits
 * at once with code 255). Not thread-safe; one wait at a time.
 */
final class NacosReadiness extends AbstractWaitStrategy {

    private static final Duration POLL = Duration.ofMillis(500);

    private static final int LOG_LINES = 30;

    private final NacosLine line;

    private final int port;

    NacosReadiness(NacosLine line, int port) {
        this.line = line;
        this.port = port;
    }

    static String path(NacosLine line) {
        return line == NacosLine.V3 ? "/nacos/v3/admin/core/state/readiness" : "/nacos/v1/console/health/readiness";
    }

    @Override
    protected void waitUntilReady() {
        URI uri = URI.create(
                "http://" + waitStrategyTarget.getHost() + ":" + waitStrategyTarget.getMappedPort(port) + path(line));
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .proxy(HttpClient.Builder.NO_PROXY)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        Instant deadline = Instant.now().plus(startupTimeout);
        while (true) {
            if (!waitStrategyTarget.isRunning()) {
                Long exitCode =
                        waitStrategyTarget.getCurrentContainerInfo().getState().getExitCodeLong();
                throw new ContainerLaunchException("The Nacos " + line + " container stopped during startup (exit code "
                        + exitCode + "); its last log lines:\n" + tail(waitStrategyTarget.getLogs()));
            }
            if (ready(client, uri)) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new ContainerLaunchException("The Nacos " + line + " container did not answer " + uri + " within "
                        + startupTimeout.toSeconds() + " s; its last log lines:\n"
                        + tail(waitStrategyTarget.getLogs()));
            }
            pause();
        }
    }

    private boolean ready(HttpClient client, URI uri) {
        HttpRequest request =
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            // 3.x answers {"code":0,...,"data":"ok"} when ready, and a failure result while modules still start.
            return response.statusCode() == 200
                    && (line == NacosLine.V2 || response.body().replace(" ", "").contains("\"code\":0"));
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerLaunchException("Interrupted waiting for the Nacos container", e);
        }
    }

    static String tail(String logs) {
        List<String> lines = logs.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_LINES), lines.size()));
    }

    // A polling pause between probes of the container, as Testcontainers' own HTTP wait strategy does.
    private static void pause() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerLaunchException("Interrupted waiting for the Nacos container", e);
        }
    }
}
