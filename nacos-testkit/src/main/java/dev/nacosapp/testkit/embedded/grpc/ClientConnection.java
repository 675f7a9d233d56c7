package dev.nacosapp.testkit.embedded.grpc;

import com.alibaba.nacos.api.grpc.auto.Payload;
import com.alibaba.nacos.shaded.io.grpc.Status;
import com.alibaba.nacos.shaded.io.grpc.stub.StreamObserver;
import java.util.Map;

/**
 * One set-up client connection: its id and the server-to-client half of its bi-directional stream.
 *
 * <p>Thread-safe: gRPC stream observers are not, so every write is synchronised on the connection. Writes after the
 * stream ended are ignored and reported as failed.
 */
public final class ClientConnection {

    private final String id;

    private final String clientIp;

    private final String clientVersion;

    private final Map<String, String> labels;

    private final StreamObserver<Payload> stream;

    private boolean closed;

    /**
     * Creates a connection.
     *
     * @param id the id the server handed out in its server-check answer
     * @param clientIp the client's address
     * @param clientVersion the version string the client sent at setup
     * @param labels the labels the client sent at setup
     * @param stream the server-to-client stream
     */
    public ClientConnection(
            String id,
            String clientIp,
            String clientVersion,
            Map<String, String> labels,
            StreamObserver<Payload> stream) {
        this.id = id;
        this.clientIp = clientIp;
        this.clientVersion = clientVersion == null ? "" : clientVersion;
        this.labels = labels == null ? Map.of() : Map.copyOf(labels);
        this.stream = stream;
    }

    public String id() {
        return id;
    }

    public String clientIp() {
        return clientIp;
    }

    public String clientVersion() {
        return clientVersion;
    }

    public Map<String, String> labels() {
        return labels;
    }

    /**
     * Sends a payload on the stream.
     *
     * @param payload a server request
     * @return false when the stream has ended or the write failed
     */
    public synchronized boolean send(Payload payload) {
        if (closed) {
            return false;
        }
        try {
            stream.onNext(payload);
            return true;
        } catch (RuntimeException e) {
            closed = true;
            return false;
        }
    }

    /**
     * Ends the stream with an error, which makes nacos-client switch to a new connection at once.
     *
     * @param reason shown in the client's log
     */
    public synchronized void abort(String reason) {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stream.onError(Status.UNAVAILABLE.withDescription(reason).asRuntimeException());
        } catch (RuntimeException ignored) {
            // The call was already cancelled by the client; nothing is left to end.
        }
    }

    /** Ends the stream normally, if it is still open. */
    public synchronized void complete() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stream.onCompleted();
        } catch (RuntimeException ignored) {
            // The call was already cancelled by the client; nothing is left to end.
        }
    }

    @Override
    public String toString() {
        return id;
    }
}
