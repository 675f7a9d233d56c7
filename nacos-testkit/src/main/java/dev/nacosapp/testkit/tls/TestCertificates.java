package dev.nacosapp.testkit.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A certificate authority, a server certificate for {@code 127.0.0.1} / {@code localhost} and a client certificate,
 * all signed by that authority and written as PEM files into one directory, generated when a test runs so that nothing
 * committed ever expires. Certificates are PEM ({@code BEGIN CERTIFICATE}); private keys are unencrypted PKCS#8 PEM
 * ({@code BEGIN PRIVATE KEY}), the one key format that nacos-client and a Nacos server read without BouncyCastle.
 *
 * <p>Made with the JDK's own {@code keytool} (run as a child process from {@code java.home}), so no crypto library is
 * needed; that takes a few seconds, so create one set per test class. Every call makes a new authority: two sets
 * do not trust each other, which is what a wrong trust store looks like. Immutable and thread-safe once generated.
 */
public final class TestCertificates {

    private static final String STORE_PASSWORD = "nacos-testkit";
    private static final String VALIDITY_DAYS = "30";
    private static final long KEYTOOL_TIMEOUT_SECONDS = 120;

    private final Path directory;

    private TestCertificates(Path directory) {
        this.directory = directory;
    }

    /**
     * Generates a new authority with a server and a client certificate into {@code directory}, replacing the files
     * of an earlier set there.
     *
     * @param directory where the PEM files go; created when missing
     * @return the generated set
     * @throws UncheckedIOException when keytool is missing or fails
     */
    public static TestCertificates generate(Path directory) {
        try {
            Files.createDirectories(directory);
            for (String name : List.of("ca.p12", "server.p12", "client.p12")) {
                Files.deleteIfExists(directory.resolve(name));
            }
            TestCertificates certificates = new TestCertificates(directory.toAbsolutePath());
            certificates.make();
            return certificates;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot generate test certificates in " + directory, e);
        }
    }

    /** The authority's certificate: the trust collection for clients and, for mutual TLS, for the server. */
    public Path caCertificate() {
        return directory.resolve("ca.pem");
    }

    /** The server's certificate followed by the authority's; valid for {@code 127.0.0.1} and {@code localhost}. */
    public Path serverCertificateChain() {
        return directory.resolve("server.pem");
    }

    /** The server's private key, unencrypted PKCS#8 PEM. */
    public Path serverPrivateKey() {
        return directory.resolve("server.key");
    }

    /** The client's certificate followed by the authority's, for mutual TLS. */
    public Path clientCertificateChain() {
        return directory.resolve("client.pem");
    }

    /** The client's private key, unencrypted PKCS#8 PEM. */
    public Path clientPrivateKey() {
        return directory.resolve("client.key");
    }

    /** The directory holding every file. */
    public Path directory() {
        return directory;
    }

    private void make() throws IOException {
        keytool(
                "-genkeypair",
                "-alias",
                "ca",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                "CN=nacos-testkit CA " + System.nanoTime(),
                "-ext",
                "bc:c",
                "-validity",
                VALIDITY_DAYS,
                "-keystore",
                store("ca"));
        writeCertificate("ca", caCertificate());
        signed("server", "CN=localhost", "san=ip:127.0.0.1,dns:localhost", "eku=serverAuth");
        signed("client", "CN=nacos-testkit client", null, "eku=clientAuth");
    }

    private void signed(String name, String subject, String san, String usage) throws IOException {
        keytool(
                "-genkeypair",
                "-alias",
                name,
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                subject,
                "-validity",
                VALIDITY_DAYS,
                "-keystore",
                store(name));
        Path request = directory.resolve(name + ".csr");
        Path signed = directory.resolve(name + ".crt");
        keytool("-certreq", "-alias", name, "-keystore", store(name), "-file", request.toString());
        List<String> gencert = new ArrayList<>(List.of(
                "-gencert",
                "-alias",
                "ca",
                "-keystore",
                store("ca"),
                "-infile",
                request.toString(),
                "-outfile",
                signed.toString(),
                "-rfc",
                "-validity",
                VALIDITY_DAYS,
                "-ext",
                usage));
        if (san != null) {
            gencert.addAll(List.of("-ext", san));
        }
        keytool(gencert.toArray(String[]::new));
        String chain = Files.readString(signed) + Files.readString(caCertificate());
        Files.writeString(directory.resolve(name + ".pem"), chain);
        writePrivateKey(name);
        Files.delete(request);
        Files.delete(signed);
    }

    private void writeCertificate(String name, Path target) throws IOException {
        KeyStore store = load(name);
        try {
            Certificate certificate = store.getCertificate(name);
            Files.writeString(target, pem("CERTIFICATE", certificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the certificate of " + name, e);
        }
    }

    private void writePrivateKey(String name) throws IOException {
        KeyStore store = load(name);
        try {
            Key key = store.getKey(name, STORE_PASSWORD.toCharArray());
            // PKCS12 keys encode as PKCS#8, which is what "BEGIN PRIVATE KEY" holds.
            Files.writeString(directory.resolve(name + ".key"), pem("PRIVATE KEY", key.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the private key of " + name, e);
        }
    }

    private KeyStore load(String name) throws IOException {
        try (InputStream in = Files.newInputStream(directory.resolve(name + ".p12"))) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, STORE_PASSWORD.toCharArray());
            return store;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read keystore " + name + ".p12", e);
        }
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    private String store(String name) {
        return directory.resolve(name + ".p12").toString();
    }

    private void keytool(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        command.addAll(
                List.of("-storetype", "PKCS12", "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD, "-noprompt"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        try {
            if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("keytool " + args[0] + " did not finish in " + KEYTOOL_TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted while running keytool " + args[0], e);
        }
        if (process.exitValue() != 0) {
            throw new IOException("keytool " + args[0] + " failed (exit " + process.exitValue() + "): "
                    + new String(output, StandardCharsets.UTF_8).trim());
        }
    }
}
