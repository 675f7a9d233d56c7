package dev.nacosapp.testkit.cli;

import dev.nacosapp.testkit.embedded.EmbeddedNacosServer;
import dev.nacosapp.testkit.embedded.EmbeddedNacosServerBuilder;
import dev.nacosapp.testkit.tls.ServerTls;
import dev.nacosapp.testkit.tls.TestCertificates;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the embedded Nacos-compatible server for local development, until Ctrl-C:
 * {@code ./mvnw -q -pl nacos-testkit compile exec:java} (port 8848), or with
 * {@code -Dexec.args="--port 8850 --auth nacos:secret --push-delay 500ms"}. Listens on 127.0.0.1 only. With
 * {@code --tls <dir>} (or {@code --mtls <dir>}) it generates a certificate authority, a server and a client certificate
 * into that directory, prints their paths and serves gRPC over TLS (mutual TLS) only. Not thread-safe.
 */
public final class EmbeddedNacosMain {

    static final String USAGE =
            "usage: EmbeddedNacosMain [--port <HTTP port, default 8848, 0 for any; gRPC = port + 1000>]"
                    + " [--auth <user>:<password>] [--push-delay <duration, e.g. 500ms; default "
                    + EmbeddedNacosServer.DEFAULT_PUSH_DELAY.toMillis() + "ms>]"
                    + " [--tls <directory for generated certificates> | --mtls <directory>]";

    private EmbeddedNacosMain() {}

    /**
     * Starts the server and blocks until the JVM is asked to stop.
     *
     * @param args see {@link #USAGE}
     * @throws InterruptedException when interrupted while serving
     */
    public static void main(String[] args) throws InterruptedException {
        EmbeddedNacosServer server;
        try {
            server = start(args, System.out);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.stop();
                            System.out.println("Embedded Nacos server stopped");
                            stopped.countDown();
                        },
                        "embedded-nacos-shutdown"));
        stopped.await();
    }

    /**
     * Parses the options and starts a server with them, printing where it listens.
     *
     * @param args see {@link #USAGE}
     * @param out where to print the address
     * @return the running server; the caller stops it
     * @throws IllegalArgumentException for an unknown option or a bad value, naming it
     */
    public static EmbeddedNacosServer start(String[] args, PrintStream out) {
        EmbeddedNacosServerBuilder builder = EmbeddedNacosServer.builder().port(8848);
        TestCertificates certificates = null;
        boolean mutual = false;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + option + " needs a value");
            }
            String value = args[++i];
            switch (option) {
                case "--port" -> builder.port(port(value));
                case "--auth" -> {
                    int colon = value.indexOf(':');
                    if (colon <= 0 || colon == value.length() - 1) {
                        throw new IllegalArgumentException("--auth wants <user>:<password>, got '" + value + "'");
                    }
                    builder.auth(value.substring(0, colon), value.substring(colon + 1));
                }
                case "--push-delay" -> builder.pushDelay(duration(value));
                case "--tls", "--mtls" -> {
                    if (certificates != null) {
                        throw new IllegalArgumentException("give only one of --tls and --mtls");
                    }
                    certificates = TestCertificates.generate(Path.of(value));
                    mutual = option.equals("--mtls");
                    builder.tls(mutual ? ServerTls.mutual(certificates) : ServerTls.tls(certificates));
                }
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        EmbeddedNacosServer server = builder.build().start();
        out.println("Embedded Nacos server ready: serverAddr 127.0.0.1:" + server.httpPort() + " (gRPC "
                + server.grpcPort() + ")" + (server.username() == null ? "" : ", auth on for user " + server.username())
                + ". Readiness: http://127.0.0.1:" + server.httpPort() + "/nacos/v1/console/health/readiness."
                + " Ctrl-C stops it.");
        if (certificates != null) {
            out.println(tlsHelp(certificates, mutual));
        }
        return server;
    }

    private static String tlsHelp(TestCertificates certificates, boolean mutual) {
        String prefix = "nacos.remote.client.rpc.tls.";
        StringBuilder help = new StringBuilder((mutual ? "Mutual TLS" : "TLS") + " only on gRPC; certificates in "
                + certificates.directory() + " (valid 30 days). Client properties:\n  " + prefix + "enable=true\n  "
                + prefix + "trustCollectionChainPath=" + fileUrl(certificates.caCertificate()) + "\n  " + prefix
                + "trustAll=false");
        if (mutual) {
            help.append("\n  " + prefix + "mutualAuth=true\n  " + prefix + "certChainFile="
                    + fileUrl(certificates.clientCertificateChain()) + "\n  " + prefix + "certPrivateKey="
                    + fileUrl(certificates.clientPrivateKey()));
        }
        return help.toString();
    }

    // nacos-client reads a plain path as a class-path resource; a file: URL is read from disk.
    private static String fileUrl(Path file) {
        return "file:" + file.toAbsolutePath();
    }

    private static int port(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 64535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                "--port wants 0..64535 (0: any free pair; the gRPC port is the HTTP port + 1000), got '" + value + "'");
    }

    private static Duration duration(String value) {
        String trimmed = value.trim();
        try {
            if (trimmed.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(trimmed.substring(0, trimmed.length() - 2)));
            }
            if (trimmed.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(trimmed.substring(0, trimmed.length() - 1)));
            }
            return Duration.ofMillis(Long.parseLong(trimmed));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "--push-delay wants a duration such as 500ms or 1s, got '" + value + "'");
        }
    }
}
