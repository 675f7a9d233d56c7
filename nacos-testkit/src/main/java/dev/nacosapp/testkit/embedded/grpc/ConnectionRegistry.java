package dev.nacosapp.testkit.embedded.grpc;

import dev.nacosapp.testkit.embedded.handler.SetUpConnections;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The connections that completed setup, by id.
 *
 * <p>A connection is registered when its {@code ConnectionSetupRequest} arrives and unregistered when its stream or
 * transport ends or when a test drops it; unregistering runs the removal callback once, which forgets the
 * connection's ephemeral instances and subscriptions as Nacos does. Requests on an id that is not registered are
 * answered with {@code UN_REGISTER}, so the client reconnects. Thread-safe.
 */
public final class ConnectionRegistry implements SetUpConnections {

    private final Map<String, ClientConnection> connections = new ConcurrentHashMap<>();

    private final Consumer<String> onRemoved;

    /**
     * Creates an empty registry.
     *
     * @param onRemoved called with the id of every connection that goes away
     */
    public ConnectionRegistry(Consumer<String> onRemoved) {
        this.onRemoved = onRemoved;
    }

    /**
     * Registers a connection after setup.
     *
     * @param connection the connection
     */
    public void register(ClientConnection connection) {
        ClientConnection previous = connections.put(connection.id(), connection);
        if (previous != null && previous != connection) {
            previous.complete();
        }
    }

    public Optional<ClientConnection> get(String connectionId) {
        return connectionId == null ? Optional.empty() : Optional.ofNullable(connections.get(connectionId));
    }

    @Override
    public boolean isRegistered(String connectionId) {
        return connectionId != null && connections.containsKey(connectionId);
    }

    /**
     * Unregisters a connection and forgets its state; repeated calls do nothing.
     *
     * @param connectionId the connection id
     */
    public void unregister(String connectionId) {
        if (connectionId == null) {
            return;
        }
        ClientConnection removed = connections.remove(connectionId);
        if (removed != null) {
            removed.complete();
            onRemoved.accept(connectionId);
        }
    }

    /**
     * Drops every connection: forgets its state and ends its stream with an error so that the client reconnects.
     *
     * @param reason shown in the clients' logs
     * @return how many connections were dropped
     */
    public int dropAll(String reason) {
        int dropped = 0;
        for (ClientConnection each : new ArrayList<>(connections.values())) {
            if (connections.remove(each.id(), each)) {
                each.abort(reason);
                onRemoved.accept(each.id());
                dropped++;
            }
        }
        return dropped;
    }

    /**
     * Returns the labels each registered connection sent at setup.
     *
     * @return one map per connection, in no particular order
     */
    public List<Map<String, String>> labels() {
        List<Map<String, String>> labels = new ArrayList<>();
        for (ClientConnection each : connections.values()) {
            labels.add(each.labels());
        }
        return labels;
    }

    public int count() {
        return connections.size();
    }
}
