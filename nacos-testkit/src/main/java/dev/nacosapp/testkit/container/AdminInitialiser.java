package dev.nacosapp.testkit.container;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Sets the password of the built-in admin user of a fresh Nacos 2.4+ server, which ships without one, through
 * {@code POST /nacos/v1/auth/users/admin}. Stateless and thread-safe.
 */
final class AdminInitialiser {

    private AdminInitialiser() {}

    static void initialise(String serverAddr, String password) {
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .proxy(HttpClient.Builder.NO_PROXY)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + serverAddr + "/nacos/v1/auth/users/admin"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "password=" + URLEncoder.encode(password, StandardCharsets.UTF_8)))
                .build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(
                        "Nacos at " + serverAddr + " refused to initialise the admin password: HTTP "
                                + response.statusCode() + " " + response.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot initialise the Nacos admin password at " + serverAddr, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted initialising the Nacos admin password", e);
        }
    }
}
