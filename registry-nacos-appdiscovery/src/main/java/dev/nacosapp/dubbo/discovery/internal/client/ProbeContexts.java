package dev.nacosapp.dubbo.discovery.internal.client;

import dev.nacosapp.dubbo.discovery.internal.config.TlsSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * JDK TLS contexts for {@link TlsProbe}, built from the same PEM files nacos-client reads: one that accepts any server
 * certificate and one that trusts only the trust collection, both presenting the client certificate when mutual TLS
 * is configured with an unencrypted key. Stateless.
 */
final class ProbeContexts {
    private static final char[] IN_MEMORY = "probe".toCharArray();

    private ProbeContexts() {}

    static SSLContext trustingAnyServer(TlsSettings tls) throws GeneralSecurityException, IOException {
        return context(tls, new TrustManager[] {new AnyServer()});
    }

    static SSLContext trustingCollection(TlsSettings tls) throws GeneralSecurityException, IOException {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        int i = 0;
        for (Certificate certificate : certificates(tls.trustCollection())) {
            trusted.setCertificateEntry("trusted-" + i++, certificate);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trusted);
        return context(tls, factory.getTrustManagers());
    }

    private static SSLContext context(TlsSettings tls, TrustManager[] trust)
            throws GeneralSecurityException, IOException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers(tls), trust, null);
        return context;
    }

    private static KeyManager[] keyManagers(TlsSettings tls) throws GeneralSecurityException, IOException {
        if (!tls.mutualAuth()) {
            return null;
        }
        String pem = read(tls.privateKey());
        String begin = "-----BEGIN PRIVATE KEY-----";
        int start = pem.indexOf(begin);
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (start < 0 || end < start) {
            return null; // an encrypted key: probe without the client certificate
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(start + begin.length(), end));
        PrivateKey key = privateKey(der);
        Collection<? extends Certificate> chain = certificates(tls.certChain());
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        store.setKeyEntry("client", key, IN_MEMORY, chain.toArray(new Certificate[0]));
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, IN_MEMORY);
        return factory.getKeyManagers();
    }

    private static PrivateKey privateKey(byte[] pkcs8) throws GeneralSecurityException {
        GeneralSecurityException last = null;
        for (String algorithm : new String[] {"RSA", "EC", "DSA"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw last;
    }

    private static Collection<? extends Certificate> certificates(URL location)
            throws GeneralSecurityException, IOException {
        InputStream in = location.openStream();
        try {
            return CertificateFactory.getInstance("X.509").generateCertificates(in);
        } finally {
            in.close();
        }
    }

    private static String read(URL location) throws IOException {
        InputStream in = location.openStream();
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                bytes.write(buffer, 0, n);
            }
            return new String(bytes.toByteArray(), StandardCharsets.US_ASCII);
        } finally {
            in.close();
        }
    }

    /** Only to learn what the server presents; never used for a connection that carries data. */
    private static final class AnyServer implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
