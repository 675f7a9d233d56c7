package dev.nacosapp.testkit.support;

import java.util.UUID;

/** Unique names, so that tests sharing a server never share services or namespaces. */
public final class Names {

    private Names() {}

    /**
     * Returns a unique name.
     *
     * @param prefix a readable prefix
     * @return {@code prefix-xxxxxxxx}
     */
    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
