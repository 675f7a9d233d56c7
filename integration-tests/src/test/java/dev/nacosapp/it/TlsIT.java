package dev.nacosapp.it;

import static dev.nacosapp.it.support.Causes.assertCausedBy;
import static dev.nacosapp.it.support.Waits.eventually;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.nacosapp.dubbo.discovery.NacosAppStartupError;
import dev.nacosapp.it.app.Consumer;
import dev.nacosapp.it.app.ProviderApp;
import dev.nacosapp.it.app.ProviderSpec;
import dev.nacosapp.it.readme.ReadmeSnippets;
import dev.nacosapp.it.support.Causes;
import dev.nacosapp.it.support.FreePorts;
import dev.nacosapp.it.support.Names;
import dev.nacosapp.testkit.embedded.EmbeddedNacosServer;
import dev.nacosapp.testkit.junit.WithNacos;
import dev.nacosapp.testkit.server.NacosTarget;
import dev.nacosapp.testkit.tls.ServerTls;
import dev.nacosapp.testkit.tls.TestCertificates;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS and mutual TLS between nacos-app and Nacos, with the registry addresses of {@code docs/tls.md}: providers and
 * consumers find each other and call over TLS, and every mismatch (untrusted server certificate, missing client
 * certificate, plaintext on one side) fails startup saying which TLS setting to fix. The secured servers are embedded
 * ones the test starts with certificates it generates. The first test also runs against an external Nacos with TLS:
 * {@code -Dnacos.target=external -Dnacos.addr=host:8848 -Dnacos.tls.ca=<CA PEM>} (plus {@code -Dnacos.tls.cert} and
 * {@code -Dnacos.tls.key} for a server with mutual TLS, against which the test of a client without a certificate runs
 * too).
 */
@WithNacos
class TlsIT {

    private static final Path DOC =
            Path.of(System.getProperty("it.projectRoot", "..")).resolve("docs/tls.md");

    /** The host and directory the snippets of the document use, replaced by the test's own. */
    private static final String DOC_SERVER = "nacos.example.com:8848";

    private static final String DOC_DIRECTORY = "/etc/nacos/tls/";

    @TempDir
    static Path directory;

    private static TestCertificates certificates;

    /** A second authority with its own server and client certificates: trusted by nothing of the first. */
    private static TestCertificates otherAuthority;

    private final String application = Names.unique("tls-provider");

    private final List<AutoCloseable> started = new ArrayList<>();

    @BeforeAll
    static void generateCertificates() {
        certificates = TestCertificates.generate(directory.resolve("certs"));
        otherAuthority = TestCertificates.generate(directory.resolve("other"));
    }

    @AfterEach
    void stopAll() throws Exception {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
    }

    @Test
    void providerAndConsumerFindEachOtherAndCallOverTls(NacosTarget nacos) {
        String address;
        String external = System.getProperty("nacos.tls.ca", "");
        if (nacos.embedded().isPresent()) {
            address = documented(
                    "tls.properties", server(ServerTls.tls(certificates)).serverAddr(), certificates);
        } else {
            Assumptions.assumeFalse(
                    external.isEmpty(), "against " + nacos.kind() + " this needs -Dnacos.tls.ca=<the server's CA PEM>");
            address = externalAddress(nacos.serverAddr(), external)
                    + nacos.credentials()
                            .map(c -> "&username=" + c.username() + "&password=" + c.password())
                            .orElse("");
        }

        providerAndConsumerCall(address);
    }

    @Test
    void providerAndConsumerCallOverMutualTls(NacosTarget nacos) {
        nacos.requireEmbedded("A Nacos server with mutual TLS");
        String address = documented(
                "mtls.properties", server(ServerTls.mutual(certificates)).serverAddr(), certificates);

        providerAndConsumerCall(address);
    }

    @Test
    void aClientWithoutCertificateIsRefusedByAMutualTlsServerAndToldToSetOne(NacosTarget nacos) {
        String address;
        if (nacos.embedded().isPresent()) {
            address = documented(
                    "tls.properties", server(ServerTls.mutual(certificates)).serverAddr(), certificates);
        } else {
            // A real Nacos with mutual TLS, as the first test ran against it, but without the client certificate.
            Assumptions.assumeFalse(
                    System.getProperty("nacos.tls.cert", "").isEmpty(),
                    () -> "against " + nacos.kind() + " this needs a server with mutual TLS: -Dnacos.tls.ca,"
                            + " -Dnacos.tls.cert and -Dnacos.tls.key");
            address = "nacos-app://" + nacos.serverAddr() + "?registry-type=service&register-host=127.0.0.1"
                    + "&nacos.remote.client.rpc.tls.enable=true"
                    + "&nacos.remote.client.rpc.tls.trustCollectionChainPath=" + System.getProperty("nacos.tls.ca");
        }

        assertThat(startupError(address))
                .contains("TLS handshake failed: the server requires a client certificate (mutual TLS")
                .contains("set nacos.remote.client.rpc.tls.mutualAuth=true");
    }

    @Test
    void aWrongTrustStoreFailsAtStartupNamingTheTrustSetting(NacosTarget nacos) {
        nacos.requireEmbedded("A Nacos server with TLS");
        TestCertificates otherAuthority = TestCertificates.generate(directory.resolve("other"));
        String address =
                documented("tls.properties", server(ServerTls.tls(certificates)).serverAddr(), otherAuthority);

        assertThat(startupError(address))
                .startsWith("nacos-app: cannot connect to Nacos servers [")
                .contains("TLS handshake failed: certificate not trusted")
                .contains("issuer CN=nacos-testkit CA")
                .contains("fix nacos.remote.client.rpc.tls.trustCollectionChainPath='" + otherAuthority.caCertificate()
                        + "'")
                .doesNotContain("no Nacos server answered");
    }

    @Test
    void aClientCertificateFromAnotherAuthorityIsRefusedNamingTheCertificate(NacosTarget nacos) throws IOException {
        nacos.requireEmbedded("A Nacos server with mutual TLS");
        Path mixed = Files.createDirectories(directory.resolve("mixed"));
        Files.copy(certificates.caCertificate(), mixed.resolve("ca.pem"), REPLACE_EXISTING);
        Files.copy(otherAuthority.clientCertificateChain(), mixed.resolve("client.pem"), REPLACE_EXISTING);
        Files.copy(otherAuthority.clientPrivateKey(), mixed.resolve("client.key"), REPLACE_EXISTING);
        String address = documented(
                "mtls.properties", server(ServerTls.mutual(certificates)).serverAddr(), mixed);

        assertThat(startupError(address))
                .contains("TLS handshake failed: the server refused the client certificate "
                        + "nacos.remote.client.rpc.tls.certChainFile='" + mixed.resolve("client.pem") + "'")
                .contains("nacos.remote.server.rpc.tls.trustCollectionCertFile");
    }

    @Test
    void aPlaintextClientAgainstATlsOnlyServerIsToldToTurnTlsOn(NacosTarget nacos) {
        nacos.requireEmbedded("A Nacos server with TLS only");
        String serverAddr = server(ServerTls.tls(certificates)).serverAddr();

        assertThat(startupError("nacos-app://" + serverAddr + "?registry-type=service"))
                .contains("the server speaks TLS only and this client connects in plaintext")
                .contains("set nacos.remote.client.rpc.tls.enable=true");
    }

    @Test
    void aTlsClientAgainstAPlaintextServerIsToldTheServerDoesNotSpeakTls(NacosTarget nacos) {
        EmbeddedNacosServer plaintext = nacos.requireEmbedded("A plaintext Nacos server");
        String address = documented("tls.properties", plaintext.serverAddr(), certificates);

        assertThat(startupError(address))
                .contains("the server does not speak TLS on its gRPC port (plaintext)")
                .contains("nacos.remote.server.rpc.tls.enableTls=true");
    }

    private void providerAndConsumerCall(String address) {
        started.add(ProviderApp.start(
                ProviderSpec.of(application, "tls-1", address).withProtocol("dubbo", FreePorts.next())));
        Consumer consumer = Consumer.of(address, application).start();
        started.add(consumer);

        eventually().untilAsserted(() -> assertThat(consumer.whoAmI()).isEqualTo("tls-1"));
    }

    private String startupError(String address) {
        String shortWait = address + "&startup-timeout=3s";
        Throwable failure = catchThrowable(() -> started.add(ProviderApp.start(
                ProviderSpec.of(application, "tls-refused", shortWait).withProtocol("dubbo", FreePorts.next()))));
        assertCausedBy(failure, NacosAppStartupError.class).isNotBlank();
        return Causes.of(failure).stream()
                .filter(NacosAppStartupError.class::isInstance)
                .findFirst()
                .orElseThrow()
                .getMessage();
    }

    private EmbeddedNacosServer server(ServerTls tls) {
        EmbeddedNacosServer server =
                EmbeddedNacosServer.builder().tls(tls).build().start();
        started.add(server);
        return server;
    }

    /** A registry address of docs/tls.md, pointed at a test server and a set of certificates, providers on loopback. */
    private static String documented(String snippet, String serverAddr, TestCertificates files) {
        return documented(snippet, serverAddr, files.directory());
    }

    /** The same with the certificates of one directory: ca.pem, client.pem and client.key, as the document names them. */
    private static String documented(String snippet, String serverAddr, Path files) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(ReadmeSnippets.read(DOC, "tls").get(snippet)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties
                        .getProperty("dubbo.registry.address")
                        .replace(DOC_SERVER, serverAddr)
                        .replace(DOC_DIRECTORY, files + "/")
                + "&register-host=127.0.0.1";
    }

    private static String externalAddress(String serverAddr, String ca) {
        String address = "nacos-app://" + serverAddr + "?registry-type=service&register-host=127.0.0.1"
                + "&nacos.remote.client.rpc.tls.enable=true&nacos.remote.client.rpc.tls.trustCollectionChainPath="
                + ca;
        String cert = System.getProperty("nacos.tls.cert", "");
        String key = System.getProperty("nacos.tls.key", "");
        if (!cert.isEmpty() && !key.isEmpty()) {
            address += "&nacos.remote.client.rpc.tls.mutualAuth=true&nacos.remote.client.rpc.tls.certChainFile=" + cert
                    + "&nacos.remote.client.rpc.tls.certPrivateKey=" + key;
        }
        return address;
    }
}
