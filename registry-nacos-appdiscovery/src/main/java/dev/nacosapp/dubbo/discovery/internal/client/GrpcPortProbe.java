package dev.nacosapp.dubbo.discovery.internal.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Tells a Nacos whose HTTP port answers while its gRPC port does not from a Nacos that is down, for the startup error
 * when no server answered. nacos-client 2.x and 3.x reach a server's gRPC port at its HTTP port plus an offset that only
 * the JVM-wide system property {@value #OFFSET_PROPERTY} changes ({@code GrpcSdkClient.rpcPortOffset()}, used by
 * {@code GrpcClient.connectToServer}); behind a port mapping that publishes only the HTTP port, nacos-client then loops
 * on its connection attempts with nothing to say so. Runs only on that failure path and is bounded in time. Stateless,
 * thread-safe.
 */
public final class GrpcPortProbe {
    /** nacos-client's own JVM-wide setting (nacos-common {@code GrpcConstants.NACOS_SERVER_GRPC_PORT_OFFSET_KEY}). */
    public static final String OFFSET_PROPERTY = "nacos.server.grpc.port.offset";
    /** nacos-client's default offset (nacos-api {@code Constants.SDK_GRPC_PORT_DEFAULT_OFFSET}). */
    public static final int DEFAULT_OFFSET = 1000;

    private final int offset;
    private final int stepMillis;
    private final long budgetMillis;

    /**
     * @param offset what nacos-client adds to a server's port to reach its gRPC port
     * @param stepMillis how long one connect, and one read, may take
     * @param budgetMillis how long all probes together may take; a server is probed only while its four steps still
     *     fit
     */
    public GrpcPortProbe(int offset, int stepMillis, long budgetMillis) {
        this.offset = offset;
        this.stepMillis = stepMillis;
        this.budgetMillis = budgetMillis;
    }

    /**
     * The offset this JVM's nacos-client uses. The one place the library reads a system property: it is not a setting
     * of this library but nacos-client's, and the error must name the port nacos-client really tried.
     */
    public static int nacosClientOffset() {
        String value = System.getProperty(OFFSET_PROPERTY);
        if (value == null) {
            return DEFAULT_OFFSET;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return DEFAULT_OFFSET;
        }
    }

    /**
     * A sentence to append to the startup error, starting with "; ", when some server of the comma-separated
     * {@code host:port} list answers on its HTTP port and not on its gRPC port; empty otherwise.
     */
    public String diagnose(String serverAddr) {
        // A server takes at most four steps (connect and read, twice): probe one only while they fit in the budget.
        List<String> findings = new ServerWalk(offset, 4L * stepMillis, budgetMillis)
                .findings(
                        serverAddr,
                        (host, bareHost, httpPort, grpcPort) ->
                                answersHttp(bareHost, httpPort) && !answersAtAll(bareHost, grpcPort)
                                        ? "Nacos answers HTTP at " + host + ":" + httpPort + " but not gRPC at " + host
                                                + ":" + grpcPort
                                        : null);
        if (findings.isEmpty()) {
            return "";
        }
        return "; " + ServerWalk.join(findings) + ": nacos-client connects to a server's gRPC port, its HTTP port + "
                + offset
                + " (JVM-wide system property " + OFFSET_PROPERTY + ", default " + DEFAULT_OFFSET + "). Behind a port"
                + " mapping (Docker -p, a Kubernetes NodePort or port-forward) publish the server's gRPC port (9848 by"
                + " default) at the HTTP port + " + offset + " too, or start this JVM with -D" + OFFSET_PROPERTY
                + "=<published gRPC port - published HTTP port> (it applies to every Nacos client in the JVM)";
    }

    /** Something accepts the connection and answers a request for the console page with at least one byte. */
    private boolean answersHttp(String host, int port) {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), stepMillis);
            socket.setSoTimeout(stepMillis);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /nacos/ HTTP/1.0\r\nHost: " + host + ":" + port + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return socket.getInputStream().read() >= 0;
        } catch (IOException e) {
            return false;
        } finally {
            closeQuietly(socket);
        }
    }

    /**
     * Something accepts the connection and keeps it open: a gRPC server (plain or TLS) either sends its HTTP/2 settings
     * at once or waits for the client. A port forwarder whose target is not listening (docker-proxy) accepts and closes
     * at once, which counts as no answer.
     */
    private boolean answersAtAll(String host, int port) {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), stepMillis);
            socket.setSoTimeout(stepMillis);
            InputStream in = socket.getInputStream();
            return in.read() >= 0;
        } catch (SocketTimeoutException e) {
            return socket.isConnected();
        } catch (IOException e) {
            return false;
        } finally {
            closeQuietly(socket);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing was sent that matters
        }
    }
}
