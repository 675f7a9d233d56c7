package dev.nacosapp.testkit.embedded.http;

import java.util.Map;
import java.util.Optional;

/**
 * One HTTP request as the open API handlers see it: method, path, and the query and form parameters merged (query
 * parameters win), the way a servlet container presents them to Nacos. Immutable and thread-safe.
 *
 * @param method the HTTP method, upper case
 * @param path the path without query string
 * @param params the parameters, first value of each
 * @param accessToken the access token from the {@code accessToken} parameter or header, or an
 *     {@code Authorization: Bearer} header; null when absent
 */
public record HttpCall(String method, String path, Map<String, String> params, String accessToken) {

    public HttpCall {
        params = Map.copyOf(params);
    }

    /**
     * Returns a parameter.
     *
     * @param name the parameter name
     * @return its value, empty when absent or blank
     */
    public Optional<String> param(String name) {
        String value = params.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    /**
     * Returns a parameter or a default.
     *
     * @param name the parameter name
     * @param fallback the value when absent or blank
     * @return the value
     */
    public String param(String name, String fallback) {
        return param(name).orElse(fallback);
    }
}
