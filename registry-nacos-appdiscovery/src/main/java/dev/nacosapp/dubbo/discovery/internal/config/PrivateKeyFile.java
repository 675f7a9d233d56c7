package dev.nacosapp.dubbo.discovery.internal.config;

/**
 * Checks a client private key against what nacos-client's shaded Netty reads without BouncyCastle: PKCS#8 PEM,
 * unencrypted ({@code BEGIN PRIVATE KEY}) or encrypted ({@code BEGIN ENCRYPTED PRIVATE KEY}, with
 * {@code certPrivateKeyPassword}). Netty fails on anything else with "Neither RSA, DSA nor EC worked", which names
 * neither the file nor the fix. Stateless.
 */
final class PrivateKeyFile {
    private static final String CONVERT =
            "convert it with: openssl pkcs8 -topk8 -nocrypt -in <key.pem> -out <key-pkcs8.pem>";

    private PrivateKeyFile() {}

    static TlsFile check(String key, String value, boolean passwordGiven) {
        TlsFile file = TlsFile.read(key, value);
        if (file.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
            if (!passwordGiven) {
                throw TlsFile.invalid(
                        key,
                        value,
                        "the key is encrypted but " + TlsSettings.KEY_PASSWORD + " is not set; set it, or "
                                + CONVERT.replace("convert", "decrypt"));
            }
            return file;
        }
        if (file.contains("-----BEGIN PRIVATE KEY-----")) {
            if (passwordGiven) {
                throw TlsFile.invalid(
                        key,
                        value,
                        "the key is not encrypted but " + TlsSettings.KEY_PASSWORD
                                + " is set, which makes nacos-client fail to read it; remove the password");
            }
            return file;
        }
        if (file.contains("-----BEGIN RSA PRIVATE KEY-----")
                || file.contains("-----BEGIN EC PRIVATE KEY-----")
                || file.contains("-----BEGIN DSA PRIVATE KEY-----")) {
            throw TlsFile.invalid(key, value, "a PKCS#1 / SEC1 key, which nacos-client cannot read; " + CONVERT);
        }
        throw TlsFile.invalid(key, value, "no '-----BEGIN PRIVATE KEY-----' in it: not a PKCS#8 PEM private key");
    }
}
