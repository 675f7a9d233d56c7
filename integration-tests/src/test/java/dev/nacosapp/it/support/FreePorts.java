package dev.nacosapp.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * Finds ports that nothing listens on, for providers started in other JVMs (Dubbo binds every interface, so the
 * check binds every interface too). A port handed out once is not handed out again by this JVM. Thread-safe.
 */
public final class FreePorts {

    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private FreePorts() {}

    /**
     * Returns a port that was free a moment ago.
     *
     * @return the port
     */
    public static synchronized int next() {
        while (true) {
            int port = bindAny();
            if (HANDED_OUT.add(port)) {
                return port;
            }
        }
    }

    /**
     * Returns a port P such that P and P + 1000 are free, as a Nacos server needs for HTTP and gRPC.
     *
     * @return the HTTP port
     */
    public static synchronized int nacosPair() {
        while (true) {
            int port = bindAny();
            if (port + 1000 <= 65535 && isFree(port + 1000) && HANDED_OUT.add(port)) {
                HANDED_OUT.add(port + 1000);
                return port;
            }
        }
    }

    private static int bindAny() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port", e);
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
