package dev.nacosapp.testkit.server;

import dev.nacosapp.testkit.embedded.EmbeddedNacosServer;
import dev.nacosapp.testkit.model.NacosCredentials;
import java.util.Optional;

/** The embedded server as a {@link NacosTarget}. Thread-safe. */
final class EmbeddedTarget extends RestartableTarget {

    private final EmbeddedNacosServer server;

    private final boolean owned;

    private final NacosCredentials admin;

    EmbeddedTarget(EmbeddedNacosServer server, boolean owned, NacosCredentials admin) {
        super(
                NacosTargetConfig.Kind.EMBEDDED,
                server.line(),
                server.serverAddr(),
                server.httpPort(),
                server.username(),
                server.password(),
                admin);
        this.server = server;
        this.owned = owned;
        this.admin = admin;
    }

    @Override
    public Optional<NacosCredentials> adminCredentials() {
        return Optional.ofNullable(admin).or(this::credentials);
    }

    @Override
    public void restart() {
        server.restart();
    }

    @Override
    public Optional<EmbeddedNacosServer> embedded() {
        return Optional.of(server);
    }

    @Override
    public void close() {
        if (owned) {
            server.close();
        }
    }

    @Override
    public String toString() {
        return "embedded Nacos " + server.line() + " at " + serverAddr();
    }
}
