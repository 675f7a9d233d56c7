package dev.nacosapp.testkit.embedded.grpc;

import com.alibaba.nacos.shaded.io.grpc.Server;
import com.alibaba.nacos.shaded.io.grpc.ServerInterceptors;
import com.alibaba.nacos.shaded.io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import com.alibaba.nacos.shaded.io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import com.alibaba.nacos.shaded.io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import com.alibaba.nacos.shaded.io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import com.alibaba.nacos.shaded.io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import dev.nacosapp.testkit.tls.ServerTls;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC listener on {@code 127.0.0.1}: the shaded gRPC server from the nacos-client jar with the two Nacos
 * services, the connection-id filter and interceptor; plaintext, or TLS only when {@link ServerTls} is given. It uses
 * the same shaded Netty as nacos-client, so both ends read PEM files the same way.
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
     * @param tls how to secure the port, or null for plaintext
     * @return the running transport
     * @throws IOException when the port cannot be bound or the TLS files cannot be read
     */
    public static GrpcTransport start(
            int port,
            Executor executor,
            ConnectionContext context,
            UnaryRequestService unary,
            BiStreamService stream,
            ServerTls tls)
            throws IOException {
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(LOOPBACK, port));
        if (tls != null) {
            builder.sslContext(sslContext(tls));
        }
        Server server = builder.executor(executor)
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

    private static SslContext sslContext(ServerTls tls) throws IOException {
        SslContextBuilder builder = SslContextBuilder.forServer(
                tls.certificateChain().toFile(), tls.privateKey().toFile());
        if (tls.requiresClientCertificate()) {
            builder.trustManager(tls.trustedClientAuthority().toFile()).clientAuth(ClientAuth.REQUIRE);
        }
        // Sets the HTTP/2 ALPN protocol and ciphers gRPC needs, as the real server does.
        return GrpcSslContexts.configure(builder).build();
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
