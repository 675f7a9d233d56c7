package dev.nacosapp.testkit.embedded.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP listener on {@code 127.0.0.1}, on plain (unshaded) Netty with one event-loop thread.
 *
 * <p>Not thread-safe: started and stopped by the owning server run.
 */
public final class HttpTransport implements AutoCloseable {

    private static final int MAX_CONTENT_LENGTH = 1024 * 1024;

    private final EventLoopGroup group;

    private final Channel channel;

    private HttpTransport(EventLoopGroup group, Channel channel) {
        this.group = group;
        this.channel = channel;
    }

    /**
     * Starts listening.
     *
     * @param port the port, 0 for any free one
     * @param router answers requests
     * @param threadName the event-loop thread's name prefix
     * @return the running transport
     * @throws IOException when the port cannot be bound
     */
    public static HttpTransport start(int port, HttpRouter router, String threadName) throws IOException {
        EventLoopGroup group = new NioEventLoopGroup(1, new DefaultThreadFactory(threadName, true));
        try {
            Channel channel = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline()
                                    .addLast(new HttpServerCodec())
                                    .addLast(new HttpObjectAggregator(MAX_CONTENT_LENGTH))
                                    .addLast(router);
                        }
                    })
                    .bind(new InetSocketAddress("127.0.0.1", port))
                    .syncUninterruptibly()
                    .channel();
            return new HttpTransport(group, channel);
        } catch (Exception e) {
            // Netty rethrows the bind failure (a checked BindException) without declaring it.
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw new IOException("Cannot listen for HTTP on 127.0.0.1:" + port, e);
        }
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
