package dev.nacosapp.testkit.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.alibaba.nacos.api.naming.NamingService;
import dev.nacosapp.testkit.embedded.EmbeddedNacosServer;
import dev.nacosapp.testkit.support.Names;
import dev.nacosapp.testkit.support.NamingClients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded server over TLS and mutual TLS, with a real nacos-client and generated certificates. */
class ServerTlsTest {
    private static final String TLS = "nacos.remote.client.rpc.tls.";

    @TempDir
    static Path directory;

    private static TestCertificates certificates;

    private final NamingClients clients = new NamingClients();
    private EmbeddedNacosServer server;

    @BeforeAll
    static void generate() {
        certificates = TestCertificates.generate(directory.resolve("certs"));
    }

    @AfterEach
    void stop() throws Exception {
        clients.close();
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void generatesPemCertificatesAndPkcs8Keys() throws Exception {
        assertThat(Files.readString(certificates.caCertificate())).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(Files.readString(certificates.serverCertificateChain()))
                .containsOnlyOnce("-----END CERTIFICATE-----\n-----BEGIN CERTIFICATE-----");
        assertThat(Files.readString(certificates.serverPrivateKey())).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.readString(certificates.clientPrivateKey())).startsWith("-----BEGIN PRIVATE KEY-----");
    }

    @Test
    void aClientTrustingTheAuthorityRegistersOverTls() throws Exception {
        server = start(ServerTls.tls(certificates));
        Properties properties = trustingTheServer();

        registersThrough(properties, "tls");
    }

    @Test
    void aClientWithItsCertificateRegistersOverMutualTls() throws Exception {
        server = start(ServerTls.mutual(certificates));
        Properties properties = trustingTheServer();
        properties.setProperty(TLS + "mutualAuth", "true");
        properties.setProperty(TLS + "certChainFile", fileUrl(certificates.clientCertificateChain()));
        properties.setProperty(TLS + "certPrivateKey", fileUrl(certificates.clientPrivateKey()));

        registersThrough(properties, "mtls");
    }

    @Test
    void refusesAClientWithoutCertificateUnderMutualTls() throws Exception {
        server = start(ServerTls.mutual(certificates));
        Properties properties = trustingTheServer();

        staysDisconnected(clients.create(properties));
    }

    @Test
    void refusesAPlaintextClient() throws Exception {
        server = start(ServerTls.tls(certificates));

        staysDisconnected(clients.create(server.serverAddr()));
    }

    private void registersThrough(Properties properties, String prefix) throws Exception {
        NamingService client = clients.create(properties);
        String service = Names.unique(prefix);
        client.registerInstance(service, "127.0.0.1", 20880);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> server.naming().instances("", "", service).size() == 1);
        assertThat(client.getServerStatus()).isEqualTo("UP");
    }

    private static void staysDisconnected(NamingService client) {
        // nacos-client retries forever; a few of its attempts (each fails at once) show it never gets through.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> "DOWN"
                .equals(client.getServerStatus()));
    }

    private static String fileUrl(Path file) {
        return file.toUri().toString();
    }

    private static EmbeddedNacosServer start(ServerTls tls) {
        return EmbeddedNacosServer.builder().tls(tls).build().start();
    }

    /** A TLS client's properties that trust the test authority's server certificate, and only that. */
    private Properties trustingTheServer() {
        Properties properties = NamingClients.properties(server.serverAddr());
        properties.setProperty(TLS + "enable", "true");
        properties.setProperty(TLS + "trustAll", "false");
        properties.setProperty(TLS + "trustCollectionChainPath", fileUrl(certificates.caCertificate()));
        return properties;
    }
}
