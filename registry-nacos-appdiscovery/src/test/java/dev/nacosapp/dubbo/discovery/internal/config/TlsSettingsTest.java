package dev.nacosapp.dubbo.discovery.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nacosapp.dubbo.discovery.config.InvalidConfigException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.dubbo.common.URL;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsSettingsTest {
    private static final String CERTIFICATE = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    private static final String PKCS8 = "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n";

    @TempDir
    Path directory;

    private Path ca;
    private Path chain;
    private Path key;
    private final Map<String, String> properties = new TreeMap<String, String>();
    private final List<String> warnings = new ArrayList<String>();

    @BeforeEach
    void files() throws IOException {
        ca = write("ca.pem", CERTIFICATE);
        chain = write("client.pem", CERTIFICATE + CERTIFICATE);
        key = write("client.key", PKCS8);
    }

    @Test
    void noTlsKeysMeanPlaintext() {
        assertThat(TlsSettings.read(properties, warnings)).isSameAs(TlsSettings.OFF);
        assertThat(properties).isEmpty();
    }

    @Test
    void aTrustCollectionTurnsNacosClientsDefaultTrustAllOffAndBecomesAFileUrl() {
        properties.put(TlsSettings.ENABLE, "TRUE");
        properties.put(TlsSettings.TRUST_COLLECTION, ca.toString());

        TlsSettings tls = TlsSettings.read(properties, warnings);

        assertThat(tls.enabled()).isTrue();
        assertThat(tls.trustAll()).isFalse();
        assertThat(tls.describeTrust()).isEqualTo(TlsSettings.TRUST_COLLECTION + "='" + ca + "'");
        // nacos-client reads booleans with Boolean.parseBoolean and plain paths as class-path resources.
        assertThat(properties)
                .containsEntry(TlsSettings.ENABLE, "true")
                .containsEntry(TlsSettings.TRUST_ALL, "false")
                .containsEntry(TlsSettings.TRUST_COLLECTION, "file:" + ca.toAbsolutePath());
        assertThat(warnings).isEmpty();
    }

    @Test
    void fileAndClasspathLocationsArePassedAsGiven() {
        properties.put(TlsSettings.ENABLE, "true");
        properties.put(TlsSettings.TRUST_COLLECTION, "file:" + ca);

        TlsSettings.read(properties, warnings);

        assertThat(properties).containsEntry(TlsSettings.TRUST_COLLECTION, "file:" + ca);
        properties.put(TlsSettings.TRUST_COLLECTION, "classpath:no/such/ca.pem");
        assertThatThrownBy(() -> TlsSettings.read(properties, warnings))
                .hasMessageContaining(TlsSettings.TRUST_COLLECTION + "='classpath:no/such/ca.pem'")
                .hasMessageContaining("no such class-path resource");
    }

    @Test
    void tlsWithoutATrustCollectionWarnsThatAnyServerIsTrusted() {
        properties.put(TlsSettings.ENABLE, "true");

        TlsSettings tls = TlsSettings.read(properties, warnings);

        assertThat(tls.trustAll()).isTrue();
        assertThat(warnings).singleElement().asString().contains("accepts any server certificate");
    }

    @Test
    void mutualTlsTakesTheClientCertificateAndKey() {
        properties.put(TlsSettings.ENABLE, "true");
        properties.put(TlsSettings.TRUST_COLLECTION, ca.toString());
        properties.put(TlsSettings.MUTUAL_AUTH, "true");
        properties.put(TlsSettings.CERT_CHAIN, chain.toString());
        properties.put(TlsSettings.PRIVATE_KEY, key.toString());

        TlsSettings tls = TlsSettings.read(properties, warnings);

        assertThat(tls.mutualAuth()).isTrue();
        assertThat(tls.privateKey().toString()).isEqualTo("file:" + key.toAbsolutePath());
        assertThat(properties).containsEntry(TlsSettings.PRIVATE_KEY, "file:" + key.toAbsolutePath());
    }

    @Test
    void enableThatIsNotABooleanIsRefused() {
        properties.put(TlsSettings.ENABLE, "yes");

        assertThatThrownBy(() -> TlsSettings.read(properties, warnings))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("nacos-app: invalid registry parameter nacos.remote.client.rpc.tls.enable='yes': not a"
                        + " boolean; allowed: true or false");
    }

    @Test
    void aMisspeltKeyIsRefusedWithTheKnownOnes() {
        properties.put("nacos.remote.client.rpc.tls.enabled", "true");

        assertThatThrownBy(() -> TlsSettings.read(properties, warnings))
                .hasMessageContaining("unknown registry parameter nacos.remote.client.rpc.tls.enabled")
                .hasMessageContaining(TlsSettings.ENABLE);
    }

    @Test
    void aMissingFileIsRefusedNamingKeyAndValue() {
        properties.put(TlsSettings.ENABLE, "true");
        String missing = directory.resolve("nope.pem").toString();
        properties.put(TlsSettings.TRUST_COLLECTION, missing);

        assertThatThrownBy(() -> TlsSettings.read(properties, warnings))
                .hasMessageStartingWith("nacos-app: invalid registry parameter " + TlsSettings.TRUST_COLLECTION + "='"
                        + missing + "': no such file")
                .hasMessageEndingWith("allowed: a file path, file:<path> or classpath:<resource> of a PEM file");
    }

    @Test
    void anUnreadableFileIsRefused() throws IOException {
        File file = ca.toFile();
        if (!file.setReadable(false) || file.canRead()) {
            return; // running as root: every file is readable, nothing to check
        }
        properties.put(TlsSettings.ENABLE, "true");
        properties.put(TlsSettings.TRUST_COLLECTION, ca.toString());

        assertThatThrownBy(() -> TlsSettings.read(properties, warnings)).hasMessageContaining("not readable");
    }

    @Test
    void aFileWithoutPemCertificatesIsRefused() throws IOException {
        properties.put(TlsSettings.ENABLE, "true");
        properties.put(
                TlsSettings.TRUST_COLLECTION,
                write("ca.der", "\u0030\u0082binary").toString());

        assertThatThrownBy(() -> TlsSettings.read(properties, warnings)).hasMessageContaining("not PEM certificates");
    }

    @Test
    void trustAllTogetherWithATrustCollectionIsRefused() {
        properties.put(TlsSettings.ENABLE, "true");
        properties.put(TlsSettings.TRUST_ALL, "true");
        properties.put(TlsSettings.TRUST_COLLECTION, ca.toString());

        assertThatThrownBy(() -> TlsSettings.read(properties, warnings))
                .hasMessageContaining(TlsSettings.TRUST_ALL + "=true and " + TlsSettings.TRUST_COLLECTION)
                .hasMessageContaining("conflict");
    }

    @Test
    void trustAllOffWithoutATrustCollectionIsRefused() {
        properties.put(TlsSettings.ENABLE, "true");
        properties.put(TlsSettings.TRUST_ALL, "false");

        assertThatThrownBy(() -> TlsSettings.read(properties, warnings))
                .hasMessageContaining(TlsSettings.TRUST_ALL + "=false needs " + TlsSettings.TRUST_COLLECTION);
    }

    @Test
    void mutualAuthWithoutCertificateAndKeyIsRefused() {
        properties.put(TlsSettings.ENABLE, "true");
        properties.put(TlsSettings.MUTUAL_AUTH, "true");
        properties.put(TlsSettings.CERT_CHAIN, chain.toString());

        assertThatThrownBy(() -> TlsSettings.read(properties, warnings))
                .hasMessageContaining(TlsSettings.MUTUAL_AUTH + "=true needs " + TlsSettings.PRIVATE_KEY);
    }

    @Test
    void aClientCertificateWithoutMutualAuthIsRefused() {
        properties.put(TlsSettings.ENABLE, "true");
        properties.put(TlsSettings.CERT_CHAIN, chain.toString());
        properties.put(TlsSettings.PRIVATE_KEY, key.toString());

        assertThatThrownBy(() -> TlsSettings.read(properties, warnings))
                .hasMessageContaining("is set but " + TlsSettings.MUTUAL_AUTH + " is not true");
    }

    @Test
    void aPkcs1KeyIsRefusedWithTheConversionCommand() throws IOException {
        mutualWithKey(write("rsa.key", "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n"));

        assertThatThrownBy(() -> TlsSettings.read(properties, warnings))
                .hasMessageContaining(TlsSettings.PRIVATE_KEY)
                .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
    }

    @Test
    void anEncryptedKeyNeedsItsPasswordAndThePasswordIsNeverShown() throws IOException {
        mutualWithKey(
                write("enc.key", "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIE\n-----END ENCRYPTED PRIVATE KEY-----\n"));

        assertThatThrownBy(() -> TlsSettings.read(properties, warnings))
                .hasMessageContaining("the key is encrypted but " + TlsSettings.KEY_PASSWORD + " is not set");

        properties.put(TlsSettings.KEY_PASSWORD, "s3cret-pass");
        assertThat(TlsSettings.read(properties, warnings).mutualAuth()).isTrue();

        mutualWithKey(key);
        assertThatThrownBy(() -> TlsSettings.read(properties, warnings))
                .hasMessageContaining("not encrypted but " + TlsSettings.KEY_PASSWORD + " is set")
                .hasMessageNotContaining("s3cret-pass");
    }

    @Test
    void anUnknownProviderIsRefused() {
        properties.put(TlsSettings.ENABLE, "true");
        properties.put(TlsSettings.PROVIDER, "BORINGSSL");

        assertThatThrownBy(() -> TlsSettings.read(properties, warnings))
                .hasMessageContaining(TlsSettings.PROVIDER + "='BORINGSSL'")
                .hasMessageContaining("[JDK, OPENSSL, OPENSSL_REFCNT]");
    }

    @Test
    void settingsWithoutEnableAreIgnoredWithAWarning() {
        properties.put(TlsSettings.TRUST_COLLECTION, "/nowhere/ca.pem");

        assertThat(TlsSettings.read(properties, warnings)).isSameAs(TlsSettings.OFF);
        assertThat(warnings).singleElement().asString().contains("connects in plaintext");
    }

    @Test
    void theParserChecksTlsSettingsGivenEitherWay() {
        NacosAppConfigParser parser = NacosAppConfigParser.system();

        NacosAppConfig config = parser.parse(URL.valueOf("nacos-app://127.0.0.1:8848?"
                + "nacos-client.nacos.remote.client.rpc.tls.enable=true&nacos.remote.client.rpc.tls"
                + ".trustCollectionChainPath=" + ca));

        assertThat(config.tls().enabled()).isTrue();
        assertThat(config.toClientProperties()).containsEntry(TlsSettings.TRUST_ALL, "false");
        assertThatThrownBy(() ->
                        parser.parse(URL.valueOf("nacos-app://127.0.0.1:8848?nacos.remote.client.rpc.tls.enable=1")))
                .hasMessageContaining("tls.enable='1'");
    }

    private void mutualWithKey(Path privateKey) {
        properties.put(TlsSettings.ENABLE, "true");
        properties.put(TlsSettings.MUTUAL_AUTH, "true");
        properties.put(TlsSettings.CERT_CHAIN, chain.toString());
        properties.put(TlsSettings.PRIVATE_KEY, privateKey.toString());
    }

    private Path write(String name, String content) throws IOException {
        return Files.write(directory.resolve(name), content.getBytes(StandardCharsets.ISO_8859_1));
    }
}
