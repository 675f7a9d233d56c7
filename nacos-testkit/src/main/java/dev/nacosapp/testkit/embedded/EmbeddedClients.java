package dev.nacosapp.testkit.embedded;

import dev.nacosapp.testkit.embedded.auth.AuthStats;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The clients of an {@link EmbeddedNacosServer}: their gRPC connections, logins and use of the old HTTP API. Get it
 * from {@link EmbeddedNacosServer#clients()}. The connection queries read the current run and throw
 * {@link IllegalStateException} while the server is stopped. Thread-safe.
 */
public final class EmbeddedClients {

    private final Supplier<ServerRuntime> running;

    private final LastingState lasting;

    EmbeddedClients(Supplier<ServerRuntime> running, LastingState lasting) {
        this.running = running;
        this.lasting = lasting;
    }

    /**
     * Counts the connected (set-up) clients.
     *
     * @return the number of connections
     */
    public int connectionCount() {
        return running.get().connections().count();
    }

    /**
     * Returns the labels each open connection sent in its {@code ConnectionSetupRequest}: nacos-client names there its
     * module ({@code module=naming} or {@code config}) and the application it reports ({@code AppName}), which the
     * Nacos console shows.
     *
     * @return one map per connection, in no particular order
     */
    public List<Map<String, String>> connectionLabels() {
        return running.get().connections().labels();
    }

    /**
     * Counts the v1/v2 HTTP requests this server has answered (or refused) since it was built, logins excepted, for
     * tests that prove a harness does not depend on the old API on a 3.x server.
     *
     * @return the count
     */
    public long legacyHttpCallCount() {
        return lasting.legacyHttpCalls().sum();
    }

    /**
     * Counts the logins this server has answered with a token and the requests it refused for a missing, unknown or
     * expired token, since it was built (restarts included).
     *
     * @return the counts
     */
    public AuthStats authStats() {
        return lasting.auth().stats();
    }
}
