package dev.nacosapp.dubbo.discovery.internal.config;

import dev.nacosapp.dubbo.discovery.config.ConfigKey;
import dev.nacosapp.dubbo.discovery.config.InvalidConfigException;
import java.net.URL;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * nacos-client's TLS switches ({@code nacos.remote.client.rpc.tls.*}, read by its {@code RpcClientTlsConfigFactory}
 * from the properties of each client) checked at startup, where nacos-client itself would only fail every connection
 * attempt with a log line. The keys stay nacos-client's own; what the library adds is:
 *
 * <ul>
 *   <li>an error naming the key, value and what is allowed for a misspelt key, a value that is not a boolean, a file
 *       that is missing, unreadable or not PEM (private keys must be PKCS#8), and contradictory settings;
 *   <li>{@code trustAll=false} when a trust collection is given and {@code trustAll} is not: nacos-client's default
 *       {@code trustAll=true} would otherwise ignore the trust collection and accept any server certificate;
 *   <li>plain file paths handed to nacos-client as {@code file:} URLs, which its resource loader needs.
 * </ul>
 *
 * Immutable and thread-safe.
 */
public final class TlsSettings {
    public static final String ENABLE = ConfigKey.TLS_PROPERTY_PREFIX + "enable";
    public static final String TRUST_ALL = ConfigKey.TLS_PROPERTY_PREFIX + "trustAll";
    public static final String TRUST_COLLECTION = ConfigKey.TLS_PROPERTY_PREFIX + "trustCollectionChainPath";
    public static final String MUTUAL_AUTH = ConfigKey.TLS_PROPERTY_PREFIX + "mutualAuth";
    public static final String CERT_CHAIN = ConfigKey.TLS_PROPERTY_PREFIX + "certChainFile";
    public static final String PRIVATE_KEY = ConfigKey.TLS_PROPERTY_PREFIX + "certPrivateKey";
    public static final String KEY_PASSWORD = ConfigKey.TLS_PROPERTY_PREFIX + "certPrivateKeyPassword";
    public static final String PROVIDER = ConfigKey.TLS_PROPERTY_PREFIX + "provider";
    public static final String PROTOCOLS = ConfigKey.TLS_PROPERTY_PREFIX + "protocols";
    public static final String CIPHERS = ConfigKey.TLS_PROPERTY_PREFIX + "ciphers";

    /** nacos-client 2.2.1 to 3.0 name exactly these (nacos-common {@code RpcConstants.ClientSuffix}). */
    private static final Set<String> KNOWN = Collections.unmodifiableSet(new TreeSet<String>(Arrays.asList(
            ENABLE,
            TRUST_ALL,
            TRUST_COLLECTION,
            MUTUAL_AUTH,
            CERT_CHAIN,
            PRIVATE_KEY,
            KEY_PASSWORD,
            PROVIDER,
            PROTOCOLS,
            CIPHERS)));

    private static final List<String> PROVIDERS = Arrays.asList("JDK", "OPENSSL", "OPENSSL_REFCNT");

    /** TLS off: nacos-client connects in plaintext. */
    public static final TlsSettings OFF = new TlsSettings(false, false, null, false, null, null);

    private final boolean enabled;
    private final boolean trustAll;
    private final TlsFile trustCollection;
    private final boolean mutualAuth;
    private final TlsFile certChain;
    private final TlsFile privateKey;

    private TlsSettings(
            boolean enabled,
            boolean trustAll,
            TlsFile trustCollection,
            boolean mutualAuth,
            TlsFile certChain,
            TlsFile privateKey) {
        this.enabled = enabled;
        this.trustAll = trustAll;
        this.trustCollection = trustCollection;
        this.mutualAuth = mutualAuth;
        this.certChain = certChain;
        this.privateKey = privateKey;
    }

    /**
     * Checks the TLS properties among nacos-client's properties and completes them as described on the class.
     *
     * @param clientProperties nacos-client's properties, keyed by nacos-client's names; TLS values are rewritten
     * @param warnings receives settings that work but are probably not what was meant
     * @throws InvalidConfigException naming the key, the value and what is allowed
     */
    public static TlsSettings read(Map<String, String> clientProperties, List<String> warnings) {
        Set<String> given = new TreeSet<String>();
        for (String key : clientProperties.keySet()) {
            if (key.startsWith(ConfigKey.TLS_PROPERTY_PREFIX)) {
                if (!KNOWN.contains(key)) {
                    throw new InvalidConfigException("nacos-app: unknown registry parameter " + key
                            + ": nacos-client has no such TLS setting; allowed: " + KNOWN);
                }
                given.add(key);
            }
        }
        if (given.isEmpty()) {
            return OFF;
        }
        Boolean enable = bool(clientProperties, ENABLE);
        Boolean trustAll = bool(clientProperties, TRUST_ALL);
        Boolean mutual = bool(clientProperties, MUTUAL_AUTH);
        if (enable == null || !enable) {
            given.remove(ENABLE);
            if (!given.isEmpty()) {
                warnings.add("nacos-app: " + given + " set but " + ENABLE + " is not true: nacos-client connects in"
                        + " plaintext and ignores them; set " + ENABLE + "=true to use TLS");
            }
            return OFF;
        }
        provider(clientProperties.get(PROVIDER));
        String trustValue = clientProperties.get(TRUST_COLLECTION);
        TlsFile trust = null;
        if (trustValue != null) {
            if (Boolean.TRUE.equals(trustAll)) {
                throw new InvalidConfigException("nacos-app: registry parameters " + TRUST_ALL + "=true and "
                        + TRUST_COLLECTION + "='" + trustValue + "' conflict: with trustAll=true nacos-client ignores"
                        + " the trust collection and accepts any server certificate; remove " + TRUST_ALL
                        + " to check the server against the trust collection");
            }
            trust = certificates(TRUST_COLLECTION, trustValue);
            clientProperties.put(TRUST_COLLECTION, trust.clientValue());
            // nacos-client's default trustAll=true would skip the file the user pointed at.
            clientProperties.put(TRUST_ALL, "false");
        } else if (Boolean.FALSE.equals(trustAll)) {
            throw new InvalidConfigException("nacos-app: registry parameter " + TRUST_ALL + "=false needs "
                    + TRUST_COLLECTION + ": the PEM certificates of the authority that signed the server's"
                    + " certificate; allowed: a file path, file:<path> or classpath:<resource>");
        } else {
            warnings.add("nacos-app: TLS is on without " + TRUST_COLLECTION + ": nacos-client accepts any server"
                    + " certificate (its default " + TRUST_ALL + "=true), which encrypts but does not authenticate"
                    + " the server; set " + TRUST_COLLECTION + " to the authority's PEM certificate");
        }
        boolean mutualAuth = Boolean.TRUE.equals(mutual);
        String chainValue = clientProperties.get(CERT_CHAIN);
        String keyValue = clientProperties.get(PRIVATE_KEY);
        if (!mutualAuth && (chainValue != null || keyValue != null)) {
            throw new InvalidConfigException("nacos-app: registry parameter "
                    + (chainValue != null ? CERT_CHAIN + "='" + chainValue : PRIVATE_KEY + "='" + keyValue)
                    + "' is set but " + MUTUAL_AUTH + " is not true: nacos-client sends a client certificate only"
                    + " with " + MUTUAL_AUTH + "=true; set it, or remove the certificate settings");
        }
        TlsFile chain = null;
        TlsFile key = null;
        if (mutualAuth) {
            if (chainValue == null || keyValue == null) {
                throw new InvalidConfigException("nacos-app: registry parameter " + MUTUAL_AUTH + "=true needs "
                        + (chainValue == null ? CERT_CHAIN : PRIVATE_KEY) + ": mutual TLS needs both " + CERT_CHAIN
                        + " (the client's PEM certificate chain) and " + PRIVATE_KEY + " (its PKCS#8 PEM key)");
            }
            chain = certificates(CERT_CHAIN, chainValue);
            key = PrivateKeyFile.check(PRIVATE_KEY, keyValue, clientProperties.get(KEY_PASSWORD) != null);
            clientProperties.put(CERT_CHAIN, chain.clientValue());
            clientProperties.put(PRIVATE_KEY, key.clientValue());
        }
        return new TlsSettings(true, trust == null, trust, mutualAuth, chain, key);
    }

    private static TlsFile certificates(String key, String value) {
        TlsFile file = TlsFile.read(key, value);
        if (!file.contains("-----BEGIN CERTIFICATE-----")) {
            throw TlsFile.invalid(key, value, "no '-----BEGIN CERTIFICATE-----' in it: not PEM certificates");
        }
        return file;
    }

    /** nacos-client reads booleans with Boolean.parseBoolean, so anything but "true" silently means false. */
    private static Boolean bool(Map<String, String> properties, String key) {
        String value = properties.get(key);
        if (value == null) {
            return null;
        }
        String normalized = value.trim().toLowerCase(Locale.ROOT);
        if (!"true".equals(normalized) && !"false".equals(normalized)) {
            throw new InvalidConfigException("nacos-app: invalid registry parameter " + key + "='" + value
                    + "': not a boolean; allowed: true or false");
        }
        properties.put(key, normalized);
        return Boolean.valueOf(normalized);
    }

    private static void provider(String value) {
        if (value != null && !PROVIDERS.contains(value.trim().toUpperCase(Locale.ROOT))) {
            throw new InvalidConfigException("nacos-app: invalid registry parameter " + PROVIDER + "='" + value
                    + "': nacos-client would silently use OPENSSL; allowed: " + PROVIDERS);
        }
    }

    /** Whether nacos-client connects over TLS. */
    public boolean enabled() {
        return enabled;
    }

    /** Whether any server certificate is accepted (no trust collection). */
    public boolean trustAll() {
        return trustAll;
    }

    /** Whether a client certificate is sent. */
    public boolean mutualAuth() {
        return mutualAuth;
    }

    /** The trust collection's PEM certificates, or null when every server is trusted. */
    public URL trustCollection() {
        return trustCollection == null ? null : trustCollection.location();
    }

    /** The client's PEM certificate chain, or null without mutual TLS. */
    public URL certChain() {
        return certChain == null ? null : certChain.location();
    }

    /** The client's PKCS#8 PEM private key, or null without mutual TLS. */
    public URL privateKey() {
        return privateKey == null ? null : privateKey.location();
    }

    /** The trust setting as the user wrote it, for errors: {@code key='value'}. */
    public String describeTrust() {
        return trustCollection == null
                ? TRUST_ALL + "=true (no " + TRUST_COLLECTION + ")"
                : TRUST_COLLECTION + "='" + trustCollection.value() + "'";
    }

    /** The client certificate as the user wrote it, for errors. */
    public String describeClientCertificate() {
        return certChain == null ? "(none)" : CERT_CHAIN + "='" + certChain.value() + "'";
    }

    @Override
    public String toString() {
        return !enabled ? "TLS off" : "TLS on, " + describeTrust() + (mutualAuth ? ", mutual" : "");
    }
}
