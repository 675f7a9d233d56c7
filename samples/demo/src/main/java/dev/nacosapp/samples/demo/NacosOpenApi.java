package dev.nacosapp.samples.demo;

import com.alibaba.nacos.common.utils.JacksonUtils;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads what a Nacos server stores through its HTTP open API v1, so the demo shows the same against the embedded
 * server and a real Nacos. Thread-safe.
 */
final class NacosOpenApi {
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final String serverAddr;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    NacosOpenApi(String serverAddr) {
        this.serverAddr = serverAddr;
    }

    /** An instance as Nacos stores it. */
    record NacosInstance(
            String ip, int port, String cluster, double weight, boolean healthy, Map<String, String> metadata) {
        String address() {
            return ip + ":" + port;
        }
    }

    /** Whether the server answers its readiness check. */
    boolean isReady() {
        try {
            return get("/nacos/v1/console/health/readiness").statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code GET /nacos/v1/ns/instance/list} of a service in the public namespace. */
    List<NacosInstance> instances(String service, String group) throws IOException {
        HttpResponse<String> response = get("/nacos/v1/ns/instance/list?serviceName=" + encode(service) + "&groupName="
                + encode(group) + "&namespaceId=");
        if (response.statusCode() != 200) {
            throw new IOException("Nacos at " + serverAddr + " answered HTTP " + response.statusCode()
                    + " to the instance list of " + service + ": " + response.body());
        }
        List<NacosInstance> instances = new ArrayList<>();
        for (JsonNode host : JacksonUtils.toObj(response.body()).path("hosts")) {
            Map<String, String> metadata = new TreeMap<>();
            host.path("metadata")
                    .fields()
                    .forEachRemaining(e -> metadata.put(e.getKey(), e.getValue().asText()));
            instances.add(new NacosInstance(
                    host.path("ip").asText(),
                    host.path("port").asInt(),
                    host.path("clusterName").asText(),
                    host.path("weight").asDouble(),
                    host.path("healthy").asBoolean(),
                    metadata));
        }
        return instances;
    }

    private HttpResponse<String> get(String pathAndQuery) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + serverAddr + pathAndQuery))
                .timeout(TIMEOUT)
                .GET()
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking Nacos at " + serverAddr, e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
