package dev.nacosapp.testkit.tls;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How the embedded server secures its gRPC port: TLS with a certificate chain and private key and, for mutual TLS,
 * the authority whose client certificates it accepts. Immutable and thread-safe.
 *
 * <p>Unlike a real Nacos, whose {@code nacos.remote.server.rpc.tls.compatibility} defaults to {@code true} and then
 * serves plaintext clients on the same port, the embedded server serves TLS only once this is set: a plaintext client
 * fails, which is what a real server with {@code compatibility=false} does. The HTTP port stays plaintext, as on a real
 * Nacos (its HTTPS is a separate Spring Boot setting).
 *
 * @param certificateChain the server's PEM certificate chain, leaf first
 * @param privateKey the server's unencrypted PKCS#8 PEM private key
 * @param trustedClientAuthority the PEM certificates a client certificate must chain to, or null for TLS without
 *     client certificates
 */
public record ServerTls(Path certificateChain, Path privateKey, Path trustedClientAuthority) {

    public ServerTls {
        requireReadable(Objects.requireNonNull(certificateChain, "certificateChain"), "certificateChain");
        requireReadable(Objects.requireNonNull(privateKey, "privateKey"), "privateKey");
        if (trustedClientAuthority != null) {
            requireReadable(trustedClientAuthority, "trustedClientAuthority");
        }
    }

    /**
     * TLS with the server certificate of a generated set; clients need no certificate.
     *
     * @param certificates the generated set
     * @return the setting
     */
    public static ServerTls tls(TestCertificates certificates) {
        return new ServerTls(certificates.serverCertificateChain(), certificates.serverPrivateKey(), null);
    }

    /**
     * Mutual TLS: the server certificate of a generated set, and clients must present a certificate signed by the
     * set's authority.
     *
     * @param certificates the generated set
     * @return the setting
     */
    public static ServerTls mutual(TestCertificates certificates) {
        return new ServerTls(
                certificates.serverCertificateChain(), certificates.serverPrivateKey(), certificates.caCertificate());
    }

    /**
     * Tells whether clients must present a certificate.
     *
     * @return true for mutual TLS
     */
    public boolean requiresClientCertificate() {
        return trustedClientAuthority != null;
    }

    private static void requireReadable(Path file, String name) {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(name + " is not a readable file: " + file);
        }
    }
}
