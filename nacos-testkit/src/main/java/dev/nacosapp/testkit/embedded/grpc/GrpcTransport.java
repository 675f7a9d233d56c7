package dev.nacosapp.testkit.embedded.grpc;

import com.alibaba.nacos.shaded.io.grpc.Server;
import com.alibaba.nacos.shaded.io.grpc.ServerInterceptors;
import com.alibaba.nacos.shaded.io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC listener on {@code 127.0.0.1}: the shaded gRPC server from the nacos-client jar with the two Nacos
 * services, the connection-id filter and interceptor.
 *
 * <p>Not thread-safe: started and stopped by the owning server run.
 */
public final class GrpcTransport implements AutoCloseable {

    // The client's own default inbound limit; large batch registrations stay below it.
    private static final int MAX_INBOUND_MESSAGE_SIZE = 10 * 1024 * 1024;

    private static final String LOOPBACK = "127.0.0.1";

    private final Server server;

    private GrpcTransport(Server server) {
        this.server = server;
    }

    /**
     * Starts listening.
     *
     * @param port the port, never 0 (the pair is chosen by the caller)
     * @param executor runs the service methods
     * @param context assigns connection ids
     * @param unary the unary service
     * @param stream the stream service
     * @return the running transport
     * @throws IOException when the port cannot be bound
     */
    public static GrpcTransport start(
            int port, Executor executor, ConnectionContext context, UnaryRequestService unary, BiStreamService stream)
            throws IOException {
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress(LOOPBACK, port))
                .executor(executor)
                .maxInboundMessageSize(MAX_INBOUND_MESSAGE_SIZE)
                .permitKeepAliveWithoutCalls(true)
                .permitKeepAliveTime(1, TimeUnit.MINUTES)
                .addTransportFilter(context.transportFilter())
                .addService(ServerInterceptors.intercept(unary, context.interceptor()))
                .addService(ServerInterceptors.intercept(stream, context.interceptor()))
                .build();
        server.start();
        return new GrpcTransport(server);
    }

    public int port() {
        return server.getPort();
    }

    /** Stops listening and cuts every client transport at once, like a killed server. */
    @Override
    public void close() {
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
