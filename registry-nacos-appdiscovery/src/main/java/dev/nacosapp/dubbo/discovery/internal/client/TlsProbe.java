package dev.nacosapp.dubbo.discovery.internal.client;

import dev.nacosapp.dubbo.discovery.internal.config.TlsSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Finds out why nacos-client's TLS settings and a server's gRPC port do not fit, for the startup error when no server
 * answered. nacos-client only logs "Server check fail" for each attempt, whether the server's certificate is not
 * trusted, the server wants a client certificate, or one side speaks plaintext. This probe makes its own TLS handshake
 * with the JDK, once trusting any certificate (does the port speak TLS? does it ask for a client certificate?) and once
 * with the configured trust collection and, as gRPC does, the host name checked. Runs only on that failure path and is
 * bounded in time. Stateless, thread-safe.
 */
public final class TlsProbe {
    private static final String[] CLIENT_CERTIFICATE_ALERTS = {
        "certificate_required", "bad_certificate", "unknown_ca", "certificate_unknown", "access_denied"
    };

    private final int offset;
    private final int stepMillis;
    private final long budgetMillis;

    /**
     * @param offset what nacos-client adds to a server's port to reach its gRPC port
     * @param stepMillis how long one connect, handshake or read may take
     * @param budgetMillis how long all probes together may take
     */
    public TlsProbe(int offset, int stepMillis, long budgetMillis) {
        this.offset = offset;
        this.stepMillis = stepMillis;
        this.budgetMillis = budgetMillis;
    }

    /**
     * What is wrong with TLS between this client and the servers of the comma-separated {@code host:port} list, as
     * sentences naming the setting to change; empty when nothing was found.
     */
    public String diagnose(String serverAddr, TlsSettings tls) {
        return ServerWalk.join(new ServerWalk(offset, 6L * stepMillis, budgetMillis)
                .findings(serverAddr, (host, bareHost, httpPort, grpcPort) -> {
                    String finding = probe(bareHost, grpcPort, tls);
                    return finding == null ? null : host + ":" + grpcPort + " (gRPC): " + finding;
                }));
    }

    private String probe(String host, int port, TlsSettings tls) {
        Outcome open;
        try {
            open = handshake(host, port, ProbeContexts.trustingAnyServer(tls), false);
        } catch (GeneralSecurityException | IOException e) {
            return null;
        }
        if (!tls.enabled()) {
            return open.speaksTls
                    ? "TLS handshake expected: the server speaks TLS only and this client connects in plaintext;"
                            + " set " + TlsSettings.ENABLE + "=true and " + TlsSettings.TRUST_COLLECTION
                            + " to the PEM certificate of the authority that issued the server's certificate"
                            + issuer(open)
                    : null;
        }
        if (!open.speaksTls) {
            return "TLS handshake failed: the server does not speak TLS on its gRPC port (plaintext) while this"
                    + " client has " + TlsSettings.ENABLE + "=true; turn TLS on at the server"
                    + " (nacos.remote.server.rpc.tls.enableTls=true) or remove " + TlsSettings.ENABLE;
        }
        if (open.refusedClientCertificate) {
            return tls.mutualAuth()
                    ? "TLS handshake failed: the server refused the client certificate "
                            + tls.describeClientCertificate() + " (" + open.alert + "); it must be issued by an"
                            + " authority the server trusts (its nacos.remote.server.rpc.tls.trustCollectionCertFile)"
                    : "TLS handshake failed: the server requires a client certificate (mutual TLS, "
                            + open.alert + "); set " + TlsSettings.MUTUAL_AUTH + "=true, " + TlsSettings.CERT_CHAIN
                            + " and " + TlsSettings.PRIVATE_KEY;
        }
        if (tls.trustAll()) {
            return null;
        }
        try {
            handshake(host, port, ProbeContexts.trustingCollection(tls), true);
            return null;
        } catch (SSLException e) {
            String reason = certificateProblem(e);
            return reason == null
                    ? null
                    : "TLS handshake failed: certificate not trusted: the server's certificate" + subject(open) + " "
                            + reason + "; fix " + tls.describeTrust();
        } catch (GeneralSecurityException | IOException e) {
            return null;
        }
    }

    private Outcome handshake(String host, int port, SSLContext context, boolean verifyHost)
            throws IOException, GeneralSecurityException {
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(host, port), stepMillis);
            plain.setSoTimeout(stepMillis);
            SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true);
            if (verifyHost) {
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                socket.setSSLParameters(parameters);
            }
            Outcome outcome = new Outcome();
            try {
                socket.startHandshake();
                outcome.certificates = socket.getSession().getPeerCertificates();
                // TLS 1.3 ends the client's handshake before the server has checked the client's certificate; its
                // verdict comes as the first thing read.
                socket.getInputStream().read();
            } catch (SocketTimeoutException e) {
                // held open after the handshake: accepted
            } catch (SSLException e) {
                if (verifyHost) {
                    throw e;
                }
                outcome.alert = clientCertificateAlert(e);
                if (outcome.alert == null && outcome.certificates == null) {
                    outcome.speaksTls = false;
                    return outcome;
                }
            } catch (IOException e) {
                if (verifyHost) {
                    throw e;
                }
                // A plaintext server may answer a ClientHello by resetting the connection.
                outcome.speaksTls = outcome.certificates != null;
                return outcome;
            }
            outcome.speaksTls = true;
            outcome.refusedClientCertificate = outcome.alert != null;
            return outcome;
        } finally {
            try {
                plain.close();
            } catch (IOException e) {
                // probe only
            }
        }
    }

    private static String clientCertificateAlert(SSLException e) {
        String message = String.valueOf(e.getMessage());
        for (String alert : CLIENT_CERTIFICATE_ALERTS) {
            if (message.contains(alert)) {
                return alert;
            }
        }
        return null;
    }

    /** Why the certificate was not accepted, or null when the failure was not about the certificate. */
    private static String certificateProblem(SSLException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof CertificateException) {
                String message = String.valueOf(cause.getMessage());
                if (message.contains("No subject alternative") || message.contains("No name matching")) {
                    return "does not name the host nacos-client connects to (" + message + ")";
                }
                return "does not chain to a certificate in the trust collection (" + message + ")";
            }
        }
        return null;
    }

    private static String subject(Outcome outcome) {
        X509Certificate leaf = leaf(outcome);
        return leaf == null
                ? ""
                : " (subject " + leaf.getSubjectX500Principal().getName() + ", issuer "
                        + leaf.getIssuerX500Principal().getName() + ")";
    }

    private static String issuer(Outcome outcome) {
        X509Certificate leaf = leaf(outcome);
        return leaf == null ? "" : " (" + leaf.getIssuerX500Principal().getName() + ")";
    }

    private static X509Certificate leaf(Outcome outcome) {
        return outcome.certificates != null
                        && outcome.certificates.length > 0
                        && outcome.certificates[0] instanceof X509Certificate
                ? (X509Certificate) outcome.certificates[0]
                : null;
    }

    /** What one handshake showed. */
    private static final class Outcome {
        boolean speaksTls;
        boolean refusedClientCertificate;
        String alert;
        Certificate[] certificates;
    }
}
