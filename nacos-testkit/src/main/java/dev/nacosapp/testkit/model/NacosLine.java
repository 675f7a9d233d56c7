package dev.nacosapp.testkit.model;

import java.util.Locale;

/**
 * The two lines of Nacos servers, which differ in their HTTP API: 2.x serves the v1 open API (and v2), 3.x serves
 * the v3 admin and client APIs, answers v1/v2 admin and console APIs with HTTP 410 (3.0, 3.1) or not at all (3.2+),
 * and keeps its admin API behind a login even when clients need none. Both speak the same gRPC protocol to
 * nacos-client. Immutable.
 */
public enum NacosLine {
    /** Nacos 2.x: v1 open API, readiness at {@code /nacos/v1/console/health/readiness}. */
    V2("2.x"),
    /** Nacos 3.x: v3 admin API, readiness at {@code /nacos/v3/admin/core/state/readiness}. */
    V3("3.x");

    private final String label;

    NacosLine(String label) {
        this.label = label;
    }

    /**
     * Returns the name used in settings and messages.
     *
     * @return {@code 2.x} or {@code 3.x}
     */
    public String label() {
        return label;
    }

    /**
     * Parses a line as written in settings: {@code 2}, {@code 2.x}, {@code v2}, {@code 3}, {@code 3.x} or {@code v3}.
     *
     * @param key the setting's key, for the message
     * @param value the value
     * @return the line
     * @throws IllegalArgumentException naming the key, the value and what is allowed
     */
    public static NacosLine parse(String key, String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.startsWith("v")) {
            v = v.substring(1);
        }
        if (v.equals("2") || v.equals("2.x")) {
            return V2;
        }
        if (v.equals("3") || v.equals("3.x")) {
            return V3;
        }
        throw new IllegalArgumentException(key + "='" + value + "' is not a Nacos server line; use 2.x or 3.x");
    }

    @Override
    public String toString() {
        return label;
    }
}
