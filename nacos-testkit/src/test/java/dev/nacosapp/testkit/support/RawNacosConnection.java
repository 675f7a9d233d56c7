package dev.nacosapp.testkit.support;

import com.alibaba.nacos.api.grpc.auto.BiRequestStreamGrpc;
import com.alibaba.nacos.api.grpc.auto.Payload;
import com.alibaba.nacos.api.grpc.auto.RequestGrpc;
import com.alibaba.nacos.api.remote.request.ConnectionSetupRequest;
import com.alibaba.nacos.api.remote.request.Request;
import com.alibaba.nacos.api.remote.request.ServerCheckRequest;
import com.alibaba.nacos.api.remote.response.Response;
import com.alibaba.nacos.api.remote.response.ServerCheckResponse;
import com.alibaba.nacos.shaded.io.grpc.ManagedChannel;
import com.alibaba.nacos.shaded.io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import com.alibaba.nacos.shaded.io.grpc.stub.StreamObserver;
import dev.nacosapp.testkit.embedded.grpc.PayloadCodec;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A hand-driven Nacos gRPC connection, for protocol details nacos-client hides: it can skip the setup, leave pushes
 * unacknowledged or answer them with an error. Talks to 127.0.0.1 only.
 */
public final class RawNacosConnection implements AutoCloseable {

    private final ManagedChannel channel;

    private final RequestGrpc.RequestBlockingStub unary;

    private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();

    private StreamObserver<Payload> stream;

    /**
     * Opens a channel to the gRPC port.
     *
     * @param grpcPort the server's gRPC port (HTTP port + 1000)
     */
    public RawNacosConnection(int grpcPort) {
        this.channel = NettyChannelBuilder.forAddress("127.0.0.1", grpcPort)
                .usePlaintext()
                .build();
        this.unary = RequestGrpc.newBlockingStub(channel);
    }

    /**
     * Sends a unary request.
     *
     * @param request the request
     * @return the decoded response
     */
    public Response request(Request request) {
        Payload answer = unary.withDeadlineAfter(5, TimeUnit.SECONDS).request(PayloadCodec.encode(request));
        return (Response) PayloadCodec.decode(answer);
    }

    /**
     * Performs the server check.
     *
     * @return the connection id the server handed out
     */
    public String serverCheck() {
        return ((ServerCheckResponse) request(new ServerCheckRequest())).getConnectionId();
    }

    /** Opens the stream and sends the connection setup, as nacos-client does after the server check. */
    public void setUp() {
        stream = BiRequestStreamGrpc.newStub(channel).requestBiStream(new StreamObserver<>() {
            @Override
            public void onNext(Payload payload) {
                received.add(PayloadCodec.decode(payload));
            }

            @Override
            public void onError(Throwable t) {
                received.add(t);
            }

            @Override
            public void onCompleted() {
                received.add("completed");
            }
        });
        ConnectionSetupRequest setup = new ConnectionSetupRequest();
        setup.setClientVersion("Nacos-Java-Client:v2.5.1");
        setup.setLabels(Map.of("source", "sdk", "module", "naming"));
        stream.onNext(PayloadCodec.encode(setup));
    }

    /**
     * Waits for the next message the server sends on the stream.
     *
     * @param type the expected class
     * @param timeout how long to wait
     * @param <T> the type
     * @return the message
     * @throws AssertionError when something else or nothing arrives
     */
    public <T> T next(Class<T> type, Duration timeout) throws InterruptedException {
        Object message = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!type.isInstance(message)) {
            throw new AssertionError("Expected " + type.getSimpleName() + " on the stream but got " + message);
        }
        return type.cast(message);
    }

    /**
     * Returns the next message if one arrives in time.
     *
     * @param timeout how long to wait
     * @return the message or null
     */
    public Object poll(Duration timeout) throws InterruptedException {
        return received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Answers a server request on the stream.
     *
     * @param response the response, carrying the request's id
     */
    public void answer(Response response) {
        stream.onNext(PayloadCodec.encode(response));
    }

    @Override
    public void close() throws InterruptedException {
        if (stream != null) {
            try {
                stream.onCompleted();
            } catch (RuntimeException ignored) {
                // The server may have ended the stream already.
            }
        }
        channel.shutdownNow();
        channel.awaitTermination(5, TimeUnit.SECONDS);
    }
}
