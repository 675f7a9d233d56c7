package dev.nacosapp.testkit.embedded.grpc;

import com.alibaba.nacos.shaded.io.grpc.Attributes;
import com.alibaba.nacos.shaded.io.grpc.Context;
import com.alibaba.nacos.shaded.io.grpc.Contexts;
import com.alibaba.nacos.shaded.io.grpc.Grpc;
import com.alibaba.nacos.shaded.io.grpc.Metadata;
import com.alibaba.nacos.shaded.io.grpc.ServerCall;
import com.alibaba.nacos.shaded.io.grpc.ServerCallHandler;
import com.alibaba.nacos.shaded.io.grpc.ServerInterceptor;
import com.alibaba.nacos.shaded.io.grpc.ServerTransportFilter;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gives every client transport (TCP connection) a connection id and makes it visible to the calls on it.
 *
 * <p>Nacos identifies a client by its HTTP/2 transport: the unary server check returns the transport's id, the
 * client then opens its stream on the same transport, and every later unary request arrives there too. The id is
 * set when the transport is ready, copied into the gRPC {@link Context} of each call by the interceptor, and the
 * connection is unregistered when the transport terminates. Thread-safe.
 */
public final class ConnectionContext {

    /** The connection id of the current call. */
    public static final Context.Key<String> CONNECTION_ID = Context.key("nacos-testkit-connection-id");

    /** The remote ip of the current call. */
    public static final Context.Key<String> REMOTE_IP = Context.key("nacos-testkit-remote-ip");

    private static final Attributes.Key<String> ATTR_CONNECTION_ID =
            Attributes.Key.create("nacos-testkit-connection-id");

    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final ConnectionRegistry registry;

    /**
     * Creates the filter and interceptor pair for one server run.
     *
     * @param registry unregisters connections whose transport terminated
     */
    public ConnectionContext(ConnectionRegistry registry) {
        this.registry = registry;
    }

    /**
     * Returns the transport filter that assigns and releases ids.
     *
     * @return the filter
     */
    public ServerTransportFilter transportFilter() {
        return new ServerTransportFilter() {
            @Override
            public Attributes transportReady(Attributes attributes) {
                SocketAddress remote = attributes.get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
                // Same shape as Nacos' ids: creation time, remote ip, remote port (plus a sequence for uniqueness).
                String id = System.currentTimeMillis() + "_" + ip(remote) + "_" + port(remote) + "_"
                        + SEQUENCE.incrementAndGet();
                return attributes.toBuilder().set(ATTR_CONNECTION_ID, id).build();
            }

            @Override
            public void transportTerminated(Attributes attributes) {
                // A transport whose TLS handshake failed was never ready: it has no attributes and no connection.
                if (attributes != null) {
                    registry.unregister(attributes.get(ATTR_CONNECTION_ID));
                }
            }
        };
    }

    /**
     * Returns the interceptor that exposes the id of the call's transport.
     *
     * @return the interceptor
     */
    public ServerInterceptor interceptor() {
        return new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(
                    ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
                Attributes attributes = call.getAttributes();
                Context context = Context.current()
                        .withValue(CONNECTION_ID, attributes.get(ATTR_CONNECTION_ID))
                        .withValue(REMOTE_IP, ip(attributes.get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR)));
                return Contexts.interceptCall(context, call, headers, next);
            }
        };
    }

    private static String ip(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return inet.getAddress() == null
                    ? inet.getHostString()
                    : inet.getAddress().getHostAddress();
        }
        return String.valueOf(address);
    }

    private static int port(SocketAddress address) {
        return address instanceof InetSocketAddress inet ? inet.getPort() : 0;
    }
}
