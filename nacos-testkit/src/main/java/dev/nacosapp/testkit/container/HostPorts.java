package dev.nacosapp.testkit.container;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Finds a free pair of local ports P and P + 1000, the layout nacos-client expects for HTTP and gRPC. The ports are
 * free when checked; another process may still take them before the container binds them, which
 * {@link NacosContainer} answers by trying a new pair. Stateless and thread-safe.
 */
final class HostPorts {

    private static final int OFFSET = 1000;

    private static final int ATTEMPTS = 50;

    private HostPorts() {}

    static int freePair() {
        IOException last = null;
        for (int i = 0; i < ATTEMPTS; i++) {
            try (ServerSocket http = bind(0)) {
                int port = http.getLocalPort();
                if (port + OFFSET > 65535) {
                    continue;
                }
                try (ServerSocket grpc = bind(port + OFFSET)) {
                    return port;
                }
            } catch (IOException e) {
                last = e;
            }
        }
        throw new UncheckedIOException("No free port pair P / P+" + OFFSET + " on 127.0.0.1", last);
    }

    private static ServerSocket bind(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new java.net.InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
        return socket;
    }
}
