package dev.nacosapp.testkit;

import java.util.Optional;

/** The embedded server as a {@link NacosTarget}. Thread-safe. */
final class EmbeddedTarget implements NacosTarget {

    private final EmbeddedNacosServer server;

    private final boolean owned;

    private final NacosHttp http;

    private final NacosCredentials admin;

    EmbeddedTarget(EmbeddedNacosServer server, boolean owned, NacosCredentials admin) {
        this.server = server;
        this.owned = owned;
        this.admin = admin;
        this.http = NacosHttpClients.create(server.serverAddr(), credentials().orElse(null), admin);
    }

    @Override
    public String serverAddr() {
        return server.serverAddr();
    }

    @Override
    public String kind() {
        return NacosTargetConfig.Kind.EMBEDDED.id();
    }

    @Override
    public int httpPort() {
        return server.httpPort();
    }

    @Override
    public Optional<NacosCredentials> credentials() {
        return server.username() == null
                ? Optional.empty()
                : Optional.of(new NacosCredentials(server.username(), server.password()));
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
        return true;
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
