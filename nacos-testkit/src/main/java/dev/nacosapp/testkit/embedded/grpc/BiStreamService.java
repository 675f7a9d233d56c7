package dev.nacosapp.testkit.embedded.grpc;

import com.alibaba.nacos.api.grpc.auto.BiRequestStreamGrpc;
import com.alibaba.nacos.api.grpc.auto.Payload;
import com.alibaba.nacos.api.remote.request.ConnectionSetupRequest;
import com.alibaba.nacos.api.remote.request.SetupAckRequest;
import com.alibaba.nacos.api.remote.response.Response;
import com.alibaba.nacos.shaded.io.grpc.stub.StreamObserver;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bi-directional {@code BiRequestStream} gRPC service: a client's {@code ConnectionSetupRequest} registers its
 * connection and is answered with the {@code SetupAckRequest} the client waits for; responses the client sends
 * (push acknowledgements) go to the ack consumer; the end of the stream unregisters the connection. Thread-safe.
 */
public final class BiStreamService extends BiRequestStreamGrpc.BiRequestStreamImplBase {

    private static final Logger LOG = LoggerFactory.getLogger(BiStreamService.class);

    private final ConnectionRegistry registry;

    private final BiConsumer<String, Response> acks;

    /**
     * Creates the service.
     *
     * @param registry where set-up connections are registered
     * @param acks receives each response a client sends, with its connection id
     */
    public BiStreamService(ConnectionRegistry registry, BiConsumer<String, Response> acks) {
        this.registry = registry;
        this.acks = acks;
    }

    @Override
    public StreamObserver<Payload> requestBiStream(StreamObserver<Payload> responseObserver) {
        String connectionId = ConnectionContext.CONNECTION_ID.get();
        String remoteIp = ConnectionContext.REMOTE_IP.get();
        return new StreamObserver<>() {
            @Override
            public void onNext(Payload payload) {
                Object message;
                try {
                    message = PayloadCodec.decode(payload);
                } catch (RuntimeException e) {
                    LOG.warn(
                            "[{}] Unreadable stream payload of type {}",
                            connectionId,
                            payload.getMetadata().getType());
                    return;
                }
                if (message instanceof ConnectionSetupRequest setup) {
                    String clientIp = payload.getMetadata().getClientIp();
                    ClientConnection connection = new ClientConnection(
                            connectionId,
                            clientIp == null || clientIp.isEmpty() ? remoteIp : clientIp,
                            setup.getClientVersion(),
                            setup.getLabels(),
                            responseObserver);
                    registry.register(connection);
                    SetupAckRequest ack = new SetupAckRequest(ServerAbilities.TABLE);
                    ack.setRequestId("setup-" + connectionId);
                    connection.send(PayloadCodec.encode(ack));
                } else if (message instanceof Response response) {
                    acks.accept(connectionId, response);
                } else {
                    LOG.debug(
                            "[{}] Ignoring stream payload {}",
                            connectionId,
                            payload.getMetadata().getType());
                }
            }

            @Override
            public void onError(Throwable t) {
                registry.unregister(connectionId);
            }

            @Override
            public void onCompleted() {
                registry.unregister(connectionId);
            }
        };
    }
}
