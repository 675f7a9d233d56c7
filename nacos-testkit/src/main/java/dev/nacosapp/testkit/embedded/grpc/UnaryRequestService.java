package dev.nacosapp.testkit.embedded.grpc;

import com.alibaba.nacos.api.grpc.auto.Payload;
import com.alibaba.nacos.api.grpc.auto.RequestGrpc;
import com.alibaba.nacos.api.remote.response.Response;
import com.alibaba.nacos.shaded.io.grpc.stub.StreamObserver;
import dev.nacosapp.testkit.embedded.handler.RequestRouter;

/**
 * The unary {@code Request/request} gRPC service: decodes nothing itself, hands the payload to the
 * {@link RequestRouter} together with the caller's connection id, and sends back its answer. Thread-safe.
 */
public final class UnaryRequestService extends RequestGrpc.RequestImplBase {

    private final RequestRouter router;

    public UnaryRequestService(RequestRouter router) {
        this.router = router;
    }

    @Override
    public void request(Payload payload, StreamObserver<Payload> responseObserver) {
        String clientIp = payload.getMetadata().getClientIp();
        if (clientIp == null || clientIp.isEmpty()) {
            clientIp = ConnectionContext.REMOTE_IP.get();
        }
        Response response = router.route(
                payload.getMetadata().getType(),
                ConnectionContext.CONNECTION_ID.get(),
                clientIp,
                () -> PayloadCodec.decode(payload));
        responseObserver.onNext(PayloadCodec.encode(response));
        responseObserver.onCompleted();
    }
}
