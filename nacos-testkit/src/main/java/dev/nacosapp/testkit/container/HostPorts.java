package dev.nacosapp.testkit.container;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Locale;
import java.util.Map;

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

    /**
     * Binds the container's HTTP and gRPC ports to a host pair P / P + 1000, keeping every other binding
     * Testcontainers made (the console's random one among them).
     */
    static void bindPair(HostConfig hostConfig, String bindIp, int hostHttpPort) {
        Ports ports = new Ports();
        Ports existing = hostConfig.getPortBindings();
        if (existing != null) {
            for (Map.Entry<ExposedPort, Ports.Binding[]> each :
                    existing.getBindings().entrySet()) {
                int exposed = each.getKey().getPort();
                if (exposed != NacosContainer.HTTP_PORT
                        && exposed != NacosContainer.GRPC_PORT
                        && each.getValue() != null) {
                    for (Ports.Binding binding : each.getValue()) {
                        ports.bind(each.getKey(), binding);
                    }
                }
            }
        }
        ports.bind(ExposedPort.tcp(NacosContainer.HTTP_PORT), Ports.Binding.bindIpAndPort(bindIp, hostHttpPort));
        ports.bind(
                ExposedPort.tcp(NacosContainer.GRPC_PORT), Ports.Binding.bindIpAndPort(bindIp, hostHttpPort + OFFSET));
        hostConfig.withPortBindings(ports);
    }

    /** Whether a start failed because another process took a host port first. */
    static boolean isBindFailure(Throwable failure) {
        for (Throwable each = failure; each != null; each = each.getCause()) {
            String message = String.valueOf(each.getMessage()).toLowerCase(Locale.ROOT);
            if (message.contains("port is already allocated") || message.contains("address already in use")) {
                return true;
            }
        }
        return false;
    }
}
