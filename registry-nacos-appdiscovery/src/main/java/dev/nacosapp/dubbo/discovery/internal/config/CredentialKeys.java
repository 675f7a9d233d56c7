package dev.nacosapp.dubbo.discovery.internal.config;

import dev.nacosapp.dubbo.discovery.config.ConfigKey;
import dev.nacosapp.dubbo.discovery.config.InvalidConfigException;
import org.apache.dubbo.common.URL;

/**
 * The credential keys: username and password (in the address or as parameters), access and secret key. Never puts a
 * password or secret key in a message. Stateless.
 */
final class CredentialKeys {
    private CredentialKeys() {}

    static void credentials(URL url, NacosAppConfig.Builder b) {
        b.username = oneOf(ConfigKey.USERNAME, url.getUsername(), url.getParameter(ConfigKey.USERNAME.key()));
        b.password = oneOf(ConfigKey.PASSWORD, url.getPassword(), url.getParameter(ConfigKey.PASSWORD.key()));
        if (b.username == null && b.password != null) {
            throw new InvalidConfigException(
                    "nacos-app: registry parameter password is set but username is not; set both or neither");
        }
        if (b.username != null && b.password == null) {
            throw new InvalidConfigException("nacos-app: registry parameter username='" + b.username
                    + "' is set but password is not; set both or neither");
        }
        b.accessKey = KeyValues.emptyToNull(url.getParameter(ConfigKey.ACCESS_KEY.key()));
        b.secretKey = KeyValues.emptyToNull(url.getParameter(ConfigKey.SECRET_KEY.key()));
        if ((b.accessKey == null) != (b.secretKey == null)) {
            throw new InvalidConfigException(
                    "nacos-app: registry parameters accessKey and secretKey must be set together; only "
                            + (b.accessKey == null ? "secretKey" : "accessKey='" + b.accessKey + "'") + " is set");
        }
    }

    private static String oneOf(ConfigKey key, String fromUserInfo, String fromParameter) {
        String a = KeyValues.emptyToNull(fromUserInfo);
        String b = KeyValues.emptyToNull(fromParameter);
        if (a != null && b != null && !a.equals(b)) {
            String shown = key == ConfigKey.PASSWORD ? "(hidden)" : "'" + a + "' vs '" + b + "'";
            throw new InvalidConfigException("nacos-app: " + key.key()
                    + " is given twice with different values, in the address and as a parameter: " + shown);
        }
        return a != null ? a : b;
    }
}
