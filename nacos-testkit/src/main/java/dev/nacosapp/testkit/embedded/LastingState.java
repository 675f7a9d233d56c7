package dev.nacosapp.testkit.embedded;

import dev.nacosapp.testkit.embedded.auth.AuthService;
import dev.nacosapp.testkit.embedded.config.ConfigKey;
import dev.nacosapp.testkit.embedded.config.StoredConfig;
import dev.nacosapp.testkit.embedded.handler.QueryCounts;
import dev.nacosapp.testkit.embedded.http.Namespaces;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What an embedded server keeps across restarts, as a real Nacos keeps it in its database or signing key: users and
 * tokens, namespaces, configs, and the counts of v1/v2 HTTP calls and of instance queries (for tests). Naming state (ephemeral instances,
 * subscriptions) and config listeners are not kept: they belong to connections, which a restart ends. Thread-safe.
 *
 * @param auth users and tokens
 * @param namespaces the namespaces created over HTTP
 * @param configs the configs by namespace, group and data id (read and written by each run's config store)
 * @param legacyHttpCalls v1/v2 HTTP requests other than login, since the server was built
 * @param queries the gRPC instance queries answered per service, since the server was built
 */
public record LastingState(
        AuthService auth,
        Namespaces namespaces,
        ConcurrentMap<ConfigKey, StoredConfig> configs,
        LongAdder legacyHttpCalls,
        QueryCounts queries) {

    /**
     * Creates the lasting state of a new server: no namespace, no config, no call or query counted.
     *
     * @param auth users and tokens
     * @return the state
     */
    public static LastingState fresh(AuthService auth) {
        return new LastingState(auth, new Namespaces(), new ConcurrentHashMap<>(), new LongAdder(), new QueryCounts());
    }
}
