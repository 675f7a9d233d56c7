package dev.nacosapp.it.support;

import java.util.UUID;

/** Unique names for applications and namespaces, so that tests sharing a Nacos server never share state. */
public final class Names {

    private Names() {}

    /**
     * Returns a unique name.
     *
     * @param prefix a readable prefix saying which test owns the name
     * @return {@code prefix-xxxxxxxx}
     */
    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
