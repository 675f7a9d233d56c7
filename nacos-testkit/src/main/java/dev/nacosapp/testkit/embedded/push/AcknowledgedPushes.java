package dev.nacosapp.testkit.embedded.push;

import com.alibaba.nacos.api.remote.request.Request;
import com.alibaba.nacos.api.remote.response.Response;
import dev.nacosapp.testkit.embedded.grpc.ClientConnection;
import dev.nacosapp.testkit.embedded.grpc.ConnectionRegistry;
import dev.nacosapp.testkit.embedded.grpc.PayloadCodec;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server-to-client requests of one kind (naming pushes, config change notifications) that await the client's
 * acknowledgement: each one sent is remembered until the client answers, times out after the ack timeout, or its
 * stream turns out closed; a failure is handed to the owner, which decides whether to send again. Counts what was
 * sent, acknowledged and failed. Thread-safe.
 *
 * @param <K> what a request is about (a service, a config)
 */
final class AcknowledgedPushes<K> {

    /** Told when a request failed: not acknowledged in time, refused by the client, or its stream closed. */
    interface Failure<K> {
        void failed(String connectionId, K key, String reason);
    }

    private final ScheduledExecutorService scheduler;

    private final ConnectionRegistry connections;

    private final String requestIdPrefix;

    private final AtomicLong requestIds = new AtomicLong();

    private final Duration ackTimeout;

    private final Failure<K> onFailure;

    private final Map<String, Pending<K>> pending = new ConcurrentHashMap<>();

    private final AtomicLong sent = new AtomicLong();

    private final AtomicLong acknowledged = new AtomicLong();

    private final AtomicLong failed = new AtomicLong();

    AcknowledgedPushes(
            ScheduledExecutorService scheduler,
            ConnectionRegistry connections,
            String requestIdPrefix,
            Duration ackTimeout,
            Failure<K> onFailure) {
        this.scheduler = scheduler;
        this.connections = connections;
        this.requestIdPrefix = requestIdPrefix;
        this.ackTimeout = ackTimeout;
        this.onFailure = onFailure;
    }

    /**
     * Sends a request that carries {@code requestId} and awaits its acknowledgement. Does nothing once the scheduler is
     * shut down.
     */
    /**
     * Sends a request to a connection under a fresh request id, unless the connection is gone.
     *
     * @return false when the connection is not registered (nothing was sent)
     */
    boolean send(String connectionId, K key, Request request) {
        ClientConnection connection = connections.get(connectionId).orElse(null);
        if (connection == null) {
            return false;
        }
        String requestId = requestIdPrefix + requestIds.incrementAndGet();
        request.setRequestId(requestId);
        send(connection, connectionId, key, request, requestId);
        return true;
    }

    private void send(ClientConnection connection, String connectionId, K key, Request request, String requestId) {
        // Runs on the scheduler thread, so the timeout cannot fire before the request is recorded.
        Future<?> timeout;
        try {
            timeout = scheduler.schedule(() -> timedOut(requestId), ackTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            return;
        }
        Pending<K> push = new Pending<>(connectionId, key, timeout);
        pending.put(requestId, push);
        sent.incrementAndGet();
        if (!connection.send(PayloadCodec.encode(request)) && pending.remove(requestId, push)) {
            timeout.cancel(false);
            fail(push, "stream closed");
        }
    }

    /** Handles a client's answer; answers to unknown requests, or from another connection, are ignored. */
    void acknowledge(String connectionId, Response response) {
        Pending<K> push = response.getRequestId() == null ? null : pending.get(response.getRequestId());
        if (push == null || !push.connectionId().equals(connectionId)) {
            return;
        }
        if (pending.remove(response.getRequestId(), push)) {
            push.timeout().cancel(false);
            if (response.isSuccess()) {
                acknowledged.incrementAndGet();
            } else {
                fail(push, "client answered " + response.getErrorCode() + " " + response.getMessage());
            }
        }
    }

    /** Forgets what a closed connection still had to acknowledge; it is not retried. */
    void connectionClosed(String connectionId) {
        pending.values().removeIf(push -> {
            if (push.connectionId().equals(connectionId)) {
                push.timeout().cancel(false);
                return true;
            }
            return false;
        });
    }

    PushStats stats() {
        return new PushStats(sent.get(), acknowledged.get(), failed.get(), pending.size());
    }

    /** Forgets everything still awaiting an acknowledgement. */
    void close() {
        pending.values().forEach(push -> push.timeout().cancel(false));
        pending.clear();
    }

    private void timedOut(String requestId) {
        Pending<K> push = pending.remove(requestId);
        if (push != null) {
            fail(push, "no acknowledgement within " + ackTimeout.toMillis() + " ms");
        }
    }

    private void fail(Pending<K> push, String reason) {
        failed.incrementAndGet();
        onFailure.failed(push.connectionId(), push.key(), reason);
    }

    /** A request awaiting its acknowledgement. */
    private record Pending<K>(String connectionId, K key, Future<?> timeout) {}
}
