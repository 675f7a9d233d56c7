package dev.nacosapp.testkit.embedded.naming;

/**
 * Receives the changes of {@link NamingStore} that subscribers must hear about.
 *
 * <p>Called while the store holds its lock, so implementations must only record or schedule work, never block or
 * call back into the store.
 */
public interface NamingChangeListener {

    /**
     * The instances of a service changed; every subscriber needs the new list.
     *
     * @param key the service
     */
    void serviceChanged(ServiceKey key);

    /**
     * A connection subscribed to a service; like Nacos, it gets the current list pushed once.
     *
     * @param key the service
     * @param connectionId the subscribing connection
     */
    void subscribed(ServiceKey key, String connectionId);
}
