package dev.nacosapp.testkit.model;

import java.util.Objects;

/**
 * A Nacos user name and password. Immutable and thread-safe; {@link #toString()} hides the password.
 *
 * @param username the user name
 * @param password the password
 */
public record NacosCredentials(String username, String password) {

    public NacosCredentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
        return "NacosCredentials[username=" + username + ", password=***]";
    }
}
