package dev.nacosapp.testkit.embedded;

import dev.nacosapp.testkit.embedded.auth.AuthService;
import dev.nacosapp.testkit.embedded.http.Namespaces;
import java.util.concurrent.atomic.LongAdder;

/**
 * What an embedded server keeps across restarts, as a real Nacos keeps it in its database or signing key: users and
 * tokens, namespaces, and the count of v1/v2 HTTP calls (for tests). Thread-safe.
 *
 * @param auth users and tokens
 * @param namespaces the namespaces created over HTTP
 * @param legacyHttpCalls v1/v2 HTTP requests other than login, since the server was built
 */
public record LastingState(AuthService auth, Namespaces namespaces, LongAdder legacyHttpCalls) {}
