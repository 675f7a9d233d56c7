package dev.nacosapp.testkit.embedded.push;

import com.alibaba.nacos.api.config.remote.request.ConfigChangeNotifyRequest;
import com.alibaba.nacos.api.remote.response.Response;
import dev.nacosapp.testkit.embedded.config.ConfigChangeListener;
import dev.nacosapp.testkit.embedded.config.ConfigKey;
import dev.nacosapp.testkit.embedded.config.ConfigStore;
import dev.nacosapp.testkit.embedded.grpc.ConnectionRegistry;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells every connection listening to a config that it changed, as a Nacos server does: a
 * {@code ConfigChangeNotifyRequest} (data id, group, tenant; no content) on the connection's stream, at once and
 * without merging. The tenant is the one the connection listened with, so both client lines find their cache
 * entry: nacos-client 2.x names the default namespace with an empty tenant, 3.x with {@code public} (a Nacos 3.0
 * server likewise answers a listener with the tenant it sent, and a blank one with none). nacos-client answers with a {@code ConfigChangeNotifyResponse} and then fetches the config
 * itself. A notification that fails or stays unacknowledged for the ack timeout is sent again after the retry
 * delay while the connection is still set up and still listening.
 *
 * <p>Runs on the same single scheduler thread as the naming pushes. Thread-safe.
 */
public final class ConfigChangeNotifier extends AcknowledgedSender<ConfigKey> implements ConfigChangeListener {

    /** Prefix of the request ids of config notifications, so they never collide with naming pushes. */
    static final String REQUEST_ID_PREFIX = "config-";

    private static final Logger LOG = LoggerFactory.getLogger(ConfigChangeNotifier.class);

    private final ConnectionRegistry connections;

    private final ConfigStore store;

    private final Duration retryDelay;

    /**
     * Creates a notifier.
     *
     * @param scheduler the single-threaded push scheduler
     * @param connections where the listeners' streams are found
     * @param store whose listeners are notified
     * @param ackTimeout how long a notification may stay unacknowledged
     * @param retryDelay how long to wait before sending a failed notification again
     */
    public ConfigChangeNotifier(
            ScheduledExecutorService scheduler,
            ConnectionRegistry connections,
            ConfigStore store,
            Duration ackTimeout,
            Duration retryDelay) {
        super(scheduler, connections, REQUEST_ID_PREFIX, ackTimeout);
        this.connections = connections;
        this.store = store;
        this.retryDelay = retryDelay;
    }

    @Override
    public void configChanged(ConfigKey key) {
        execute(() -> store.listeners(key).forEach(connectionId -> send(connectionId, key)), 0);
    }

    /**
     * Tells whether a client's response answers a config notification.
     *
     * @param response a response that arrived on a stream
     * @return true when its request id is one of ours
     */
    public static boolean isAnswerToNotification(Response response) {
        return response.getRequestId() != null && response.getRequestId().startsWith(REQUEST_ID_PREFIX);
    }

    private void send(String connectionId, ConfigKey key) {
        String tenant = store.listenedTenant(key, connectionId).orElse(null);
        if (tenant == null || closed) {
            return;
        }
        pushes.send(connectionId, key, ConfigChangeNotifyRequest.build(key.dataId(), key.group(), tenant));
    }

    @Override
    void failed(String connectionId, ConfigKey key, String reason) {
        if (connections.isRegistered(connectionId) && store.listeners(key).contains(connectionId)) {
            LOG.info("Config notification of {} to {} failed ({}); retrying", key, connectionId, reason);
            execute(() -> send(connectionId, key), retryDelay.toNanos());
        }
    }
}
