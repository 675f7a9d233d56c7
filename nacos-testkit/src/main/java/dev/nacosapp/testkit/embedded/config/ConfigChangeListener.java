package dev.nacosapp.testkit.embedded.config;

/** Told about every change of a config (publish or removal) after it is stored. */
@FunctionalInterface
public interface ConfigChangeListener {

    /**
     * A config was published or removed.
     *
     * @param key the config
     */
    void configChanged(ConfigKey key);
}
