package dev.nacosapp.dubbo.discovery.internal.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GrpcPortProbeTest {
    private final List<FakePort> ports = new ArrayList<FakePort>();

    @AfterEach
    void close() throws IOException {
        for (FakePort port : ports) {
            port.close();
        }
    }

    @Test
    void saysWhenHttpAnswersAndTheGrpcPortRefuses() throws IOException {
        int http = open(Behaviour.ANSWER_HTTP);
        int grpc = closedPort();

        String said = probe(grpc - http).diagnose("127.0.0.1:" + http);

        assertThat(said)
                .startsWith("; Nacos answers HTTP at 127.0.0.1:" + http + " but not gRPC at 127.0.0.1:" + grpc)
                .contains("its HTTP port + " + (grpc - http))
                .contains("nacos.server.grpc.port.offset")
                .contains("publish the server's gRPC port (9848 by default)")
                .contains("-Dnacos.server.grpc.port.offset=<published gRPC port - published HTTP port>")
                .contains("every Nacos client in the JVM");
    }

    @Test
    void aForwarderThatClosesAtOnceCountsAsNoGrpc() throws IOException {
        int http = open(Behaviour.ANSWER_HTTP);
        int grpc = open(Behaviour.CLOSE_AT_ONCE);

        assertThat(probe(grpc - http).diagnose("127.0.0.1:" + http)).contains("but not gRPC at 127.0.0.1:" + grpc);
    }

    @Test
    void saysNothingWhenTheGrpcPortHoldsTheConnection() throws IOException {
        int http = open(Behaviour.ANSWER_HTTP);
        int grpc = open(Behaviour.HOLD);

        assertThat(probe(grpc - http).diagnose("127.0.0.1:" + http)).isEmpty();
    }

    @Test
    void saysNothingWhenNothingAnswers() throws IOException {
        int http = closedPort();

        assertThat(probe(1).diagnose("127.0.0.1:" + http)).isEmpty();
    }

    @Test
    void namesOnlyTheServersWithTheMismatch() throws IOException {
        int down = closedPort();
        int http = open(Behaviour.ANSWER_HTTP);
        int grpc = closedPort();

        String said = probe(grpc - http).diagnose("127.0.0.1:" + down + ",127.0.0.1:" + http);

        assertThat(said).contains("HTTP at 127.0.0.1:" + http).doesNotContain("HTTP at 127.0.0.1:" + down + " ");
    }

    @Test
    void stopsProbingWhenTheBudgetIsUsedUp() throws IOException {
        int http = open(Behaviour.ANSWER_HTTP);
        int grpc = closedPort();

        assertThat(new GrpcPortProbe(grpc - http, 300, 1199).diagnose("127.0.0.1:" + http))
                .as("four steps of 300 ms do not fit in 1199 ms")
                .isEmpty();
    }

    private static GrpcPortProbe probe(int offset) {
        return new GrpcPortProbe(offset, 300, 5000);
    }

    private int open(Behaviour behaviour) throws IOException {
        FakePort port = new FakePort(behaviour);
        ports.add(port);
        return port.server.getLocalPort();
    }

    private static int closedPort() throws IOException {
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        int port = socket.getLocalPort();
        socket.close();
        return port;
    }

    enum Behaviour {
        ANSWER_HTTP,
        CLOSE_AT_ONCE,
        HOLD
    }

    /** A loopback port that answers like a web server, like a forwarder with no target, or holds connections open. */
    private static final class FakePort {
        final ServerSocket server;
        final List<Socket> held = new ArrayList<Socket>();

        FakePort(final Behaviour behaviour) throws IOException {
            server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(
                    () -> {
                        while (!server.isClosed()) {
                            try {
                                Socket socket = server.accept();
                                serve(behaviour, socket);
                            } catch (IOException e) {
                                return;
                            }
                        }
                    },
                    "fake-port-" + server.getLocalPort());
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private void serve(Behaviour behaviour, Socket socket) throws IOException {
            if (behaviour == Behaviour.CLOSE_AT_ONCE) {
                socket.close();
            } else if (behaviour == Behaviour.HOLD) {
                synchronized (held) {
                    held.add(socket);
                }
            } else {
                InputStream in = socket.getInputStream();
                byte[] request = new byte[256];
                in.read(request);
                OutputStream out = socket.getOutputStream();
                out.write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                socket.close();
            }
        }

        void close() throws IOException {
            server.close();
            synchronized (held) {
                for (Socket socket : held) {
                    socket.close();
                }
            }
        }
    }
}
