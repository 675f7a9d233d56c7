package dev.nacosapp.dubbo.discovery.config;

/**
 * A registry-URL parameter of {@code nacos-app} has a value that cannot be used. The message names the key, the value
 * and what is allowed, so it can be fixed from the startup log alone.
 */
public class InvalidConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidConfigException(String message) {
        super(message);
    }

    /** An error for one key: {@code nacos-app: invalid <key>=<value>: <why>; allowed: <type>}. */
    public static InvalidConfigException of(ConfigKey key, String value, String why) {
        return new InvalidConfigException("nacos-app: invalid registry parameter " + key.key() + "='" + value + "': "
                + why + "; allowed: " + key.type());
    }
}
