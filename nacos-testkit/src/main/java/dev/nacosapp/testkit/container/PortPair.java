package dev.nacosapp.testkit.container;

import com.github.dockerjava.api.model.HostConfig;

/**
 * The host ports P and P + 1000 of one {@link NacosContainer}: chosen by the user, or a free pair picked when the
 * container is configured, bound when Docker creates the container, and given up for a new pair when another process
 * took it first. The pair survives restarts of the container process.
 *
 * <p>Not thread-safe: used by the container while it is configured and started, read afterwards.
 */
final class PortPair {

    /** nacos-client always connects to gRPC at the HTTP port + 1000. */
    static final int GRPC_OFFSET = 1000;

    private static final int BIND_ATTEMPTS = 3;

    private int http;

    private boolean chosen;

    void choose(int port) {
        this.http = port;
        this.chosen = true;
    }

    void pickFreeIfUnset() {
        if (http == 0) {
            http = HostPorts.freePair();
        }
    }

    /**
     * Binds the container's HTTP and gRPC ports to the pair.
     *
     * @param hostConfig the host configuration of the container being created
     * @param dockerHost the host Testcontainers reaches the engine at
     */
    void bind(HostConfig hostConfig, String dockerHost) {
        // On a local engine the ports stay on loopback; a remote engine's ports must be reachable from here.
        boolean local = dockerHost.equals("localhost") || dockerHost.startsWith("127.") || dockerHost.equals("::1");
        HostPorts.bindPair(hostConfig, local ? "127.0.0.1" : "", http);
    }

    /**
     * Tells whether a failed start is worth another attempt with a new pair.
     *
     * @param failure why the start failed
     * @param attempt the attempt that failed, from 1
     * @return true when a free pair was taken by another process before Docker bound it
     */
    boolean mayRetry(RuntimeException failure, int attempt) {
        // The free pair was checked, then released; another process may have bound it before Docker did.
        return !chosen && attempt < BIND_ATTEMPTS && HostPorts.isBindFailure(failure);
    }

    /** Gives the pair up, so that the next configuration picks a new one. */
    void release() {
        http = 0;
    }

    int http() {
        if (http == 0) {
            throw new IllegalStateException("The Nacos container has not been configured yet; start it first");
        }
        return http;
    }

    /** The HTTP port, or 0 before one is chosen; for messages. */
    int httpOrZero() {
        return http;
    }
}
