package dev.nacosapp.testkit.server;

import dev.nacosapp.testkit.embedded.EmbeddedNacosServer;
import dev.nacosapp.testkit.http.NacosHttp;
import dev.nacosapp.testkit.http.NacosHttpClients;
import dev.nacosapp.testkit.model.NacosCredentials;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/** A Nacos server someone else runs, as a {@link NacosTarget}; it is never restarted or stopped. Thread-safe. */
final class ExternalTarget implements NacosTarget {

    private final String address;

    private final NacosCredentials credentials;

    private final NacosHttp http;

    private final NacosCredentials admin;

    ExternalTarget(String address, NacosCredentials credentials, NacosCredentials admin) {
        this.address = address;
        this.credentials = credentials;
        this.admin = admin;
        this.http = NacosHttpClients.create(address, credentials, admin);
    }

    @Override
    public String serverAddr() {
        return address;
    }

    @Override
    public String kind() {
        return NacosTargetConfig.Kind.EXTERNAL.id();
    }

    @Override
    public int httpPort() {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    @Override
    public Optional<NacosCredentials> credentials() {
        return Optional.ofNullable(credentials);
    }

    @Override
    public Optional<NacosCredentials> adminCredentials() {
        return Optional.ofNullable(admin).or(this::credentials);
    }

    @Override
    public NacosHttp http() {
        return http;
    }

    @Override
    public boolean canRestart() {
        return false;
    }

    @Override
    public void restart() {
        Assumptions.abort("Restart needs a server the test controls; the external Nacos at " + address
                + " is not restarted by tests");
    }

    @Override
    public Optional<EmbeddedNacosServer> embedded() {
        return Optional.empty();
    }

    @Override
    public void close() {
        // Someone else runs this server.
    }

    @Override
    public String toString() {
        return "external Nacos at " + address;
    }
}
