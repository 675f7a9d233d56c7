package dev.nacosapp.testkit.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Starts a run of the embedded server on a port pair P / P + 1000: the configured pair, tried again for a moment when
 * it is still held, or any free pair, drawn again when the one drawn is taken. Stateless and thread-safe.
 */
final class PortPairs {

    private static final int PORT_ATTEMPTS = 20;

    /**
     * "Any free pair" is drawn from 10000..31000 (gRPC up to 32000), below the ephemeral ranges operating systems give
     * outgoing connections (Linux from 32768, macOS and Windows from 49152). A port the OS picked would be in that
     * range, where any process's client socket can take it while the server is stopped, and a restart on the same
     * ports would then fail.
     */
    private static final int ANY_PORT_FROM = 10000;

    private static final int ANY_PORT_SPAN = 21000;

    // A port just released by stop() can take a moment to become bindable again on some systems.
    private static final int FIXED_PORT_ATTEMPTS = 3;

    private static final long FIXED_PORT_RETRY_MILLIS = 200;

    /** Starts a run listening on one HTTP port (and that port + 1000 for gRPC). */
    @FunctionalInterface
    interface Start {
        ServerRuntime on(int httpPort) throws IOException;
    }

    private PortPairs() {}

    /**
     * Starts a run on the given pair, or on any free pair.
     *
     * @param httpPort the HTTP port P, or 0 for any free pair
     * @param start starts a run on one port
     * @return the started run
     * @throws UncheckedIOException when no attempt could bind its ports
     */
    static ServerRuntime start(int httpPort, Start start) {
        IOException last = null;
        boolean anyPort = httpPort == 0;
        int attempts = anyPort ? PORT_ATTEMPTS : FIXED_PORT_ATTEMPTS;
        for (int i = 0; i < attempts; i++) {
            try {
                int candidate =
                        anyPort ? ANY_PORT_FROM + ThreadLocalRandom.current().nextInt(ANY_PORT_SPAN) : httpPort;
                return start.on(candidate);
            } catch (IOException e) {
                last = e;
                if (!anyPort && !pauseBeforeRetry()) {
                    break;
                }
            }
        }
        throw new UncheckedIOException(
                "Cannot start the embedded Nacos server on "
                        + (httpPort == 0 ? "a free port pair" : "127.0.0.1:" + httpPort + " and " + (httpPort + 1000)),
                last);
    }

    private static boolean pauseBeforeRetry() {
        try {
            Thread.sleep(FIXED_PORT_RETRY_MILLIS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
