package dev.nacosapp.dubbo.discovery.internal.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nacosapp.dubbo.discovery.internal.config.TlsSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The parts of the TLS diagnosis that need no certificates; TlsIT covers handshakes with real ones. */
class TlsProbeTest {
    private ServerSocket plaintext;
    private Thread answering;

    @AfterEach
    void close() throws Exception {
        if (plaintext != null) {
            plaintext.close();
            answering.join();
        }
    }

    @Test
    void aTlsClientAgainstAPlaintextPortIsToldTheServerDoesNotSpeakTls() throws IOException {
        int port = plaintextServer();
        Map<String, String> properties = new HashMap<String, String>();
        properties.put(TlsSettings.ENABLE, "true");
        TlsSettings tls = TlsSettings.read(properties, new ArrayList<String>());

        String said = new TlsProbe(0, 500, 5000).diagnose("127.0.0.1:" + port, tls);

        assertThat(said)
                .startsWith("127.0.0.1:" + port + " (gRPC): TLS handshake failed: the server does not speak TLS")
                .contains("nacos.remote.server.rpc.tls.enableTls=true")
                .contains(TlsSettings.ENABLE);
    }

    @Test
    void aPlaintextClientAgainstAPlaintextPortHearsNothing() throws IOException {
        int port = plaintextServer();

        assertThat(new TlsProbe(0, 500, 5000).diagnose("127.0.0.1:" + port, TlsSettings.OFF))
                .isEmpty();
    }

    @Test
    void aClosedPortIsNotATlsProblem() throws IOException {
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        int port = socket.getLocalPort();
        socket.close();
        Map<String, String> properties = new HashMap<String, String>();
        properties.put(TlsSettings.ENABLE, "true");

        assertThat(new TlsProbe(0, 500, 5000)
                        .diagnose("127.0.0.1:" + port, TlsSettings.read(properties, new ArrayList<String>())))
                .isEmpty();
    }

    /** Answers every connection like a plaintext HTTP/2 server that does not understand what it got. */
    private int plaintextServer() throws IOException {
        plaintext = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"));
        answering = new Thread(
                () -> {
                    while (!plaintext.isClosed()) {
                        try (Socket socket = plaintext.accept()) {
                            OutputStream out = socket.getOutputStream();
                            out.write("\u0000\u0000\u0008\u0007\u0000garbage-goaway"
                                    .getBytes(StandardCharsets.ISO_8859_1));
                            out.flush();
                        } catch (IOException e) {
                            return;
                        }
                    }
                },
                "plaintext-server");
        answering.start();
        return plaintext.getLocalPort();
    }
}
