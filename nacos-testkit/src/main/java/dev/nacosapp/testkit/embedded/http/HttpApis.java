package dev.nacosapp.testkit.embedded.http;

import dev.nacosapp.testkit.embedded.auth.AuthService;
import dev.nacosapp.testkit.model.NacosLine;
import java.util.concurrent.atomic.LongAdder;

/**
 * Everything the HTTP router dispatches to, and the line whose paths it answers. Immutable; the parts are
 * thread-safe.
 *
 * @param line the server line the embedded server plays
 * @param naming the v1 naming API
 * @param namingV3 the v3 naming API
 * @param config the config API (v1 and v3)
 * @param login login and admin initialisation
 * @param namespaces the namespace API (v1 console and v3 admin)
 * @param auth token checks
 * @param legacyCalls counts v1/v2 requests other than login, for tests that prove a 3.x harness never needs them
 */
public record HttpApis(
        NacosLine line,
        NamingOpenApi naming,
        NamingAdminApiV3 namingV3,
        ConfigOpenApi config,
        AuthOpenApi login,
        NamespaceApi namespaces,
        AuthService auth,
        LongAdder legacyCalls) {}
