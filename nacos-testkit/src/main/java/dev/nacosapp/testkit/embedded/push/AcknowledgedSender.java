package dev.nacosapp.testkit.embedded.push;

import com.alibaba.nacos.api.remote.response.Response;
import dev.nacosapp.testkit.embedded.grpc.ConnectionRegistry;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the naming pushes and the config notifications have in common: requests sent on the push scheduler that
 * await the client's acknowledgement, counted, forgotten with their connection, and stopped on close. Subclasses
 * decide what to send and whether to send again after a failure. Thread-safe.
 *
 * @param <K> what a request is about (a service, a config)
 */
abstract class AcknowledgedSender<K> {

    private static final Logger LOG = LoggerFactory.getLogger(AcknowledgedSender.class);

    final ScheduledExecutorService scheduler;

    final AcknowledgedPushes<K> pushes;

    volatile boolean closed;

    AcknowledgedSender(
            ScheduledExecutorService scheduler,
            ConnectionRegistry connections,
            String requestIdPrefix,
            Duration ackTimeout) {
        this.scheduler = scheduler;
        this.pushes = new AcknowledgedPushes<>(scheduler, connections, requestIdPrefix, ackTimeout, this::failed);
    }

    /** Called when a request was not acknowledged in time or its stream closed. */
    abstract void failed(String connectionId, K key, String reason);

    /**
     * Records a client's answer to a request sent here.
     *
     * @param connectionId the connection it arrived on
     * @param response the client's response
     */
    public void acknowledge(String connectionId, Response response) {
        pushes.acknowledge(connectionId, response);
    }

    /**
     * Forgets the requests awaiting acknowledgement from a closed connection.
     *
     * @param connectionId the closed connection
     */
    public void connectionClosed(String connectionId) {
        pushes.connectionClosed(connectionId);
    }

    /**
     * Counts requests sent, acknowledged and failed since the run started.
     *
     * @return the counters
     */
    public PushStats stats() {
        return pushes.stats();
    }

    /** Stops sending; later changes are ignored. */
    public void close() {
        closed = true;
        pushes.close();
    }

    /** Runs a task on the push scheduler after a delay, unless closed. */
    final void execute(Runnable task, long delayNanos) {
        if (closed) {
            return;
        }
        try {
            scheduler.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("Push scheduler is shut down", e);
        }
    }
}
