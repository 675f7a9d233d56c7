package dev.nacosapp.benchmarks.contender;

/**
 * One consumer-side discovery under test, connected to the server on its own nacos-client connection. Subscriptions
 * are by application (a Nacos service in {@code DEFAULT_GROUP}). Not thread-safe: one harness thread drives it, while
 * deliveries arrive on the contender's own threads.
 */
public interface Contender extends AutoCloseable {
    ContenderKind kind();

    /** Subscribes to an application; every list the consumer's listener receives goes to {@code sink}. */
    void subscribe(String application, Sink sink) throws Exception;

    /**
     * Unsubscribes and subscribes again with the same sink. The server pushes to subscribers in the order they
     * subscribed; the harness rotates that order this way so no contender is always first.
     */
    void resubscribe(String application) throws Exception;

    @Override
    void close();
}
