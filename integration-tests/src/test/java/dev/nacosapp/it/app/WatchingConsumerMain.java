package dev.nacosapp.it.app;

import java.io.IOException;

/**
 * The main class of a consumer JVM that watches a provider application and does nothing else, for tests that look at
 * it from outside (its QoS port, its metrics): Dubbo settings come as {@code -D} options. Arguments: the registry
 * address and the provider application. Prints {@link #STARTED} once Dubbo has started, then runs until its standard
 * input closes or it is stopped.
 */
public final class WatchingConsumerMain {

    /** The line printed once the consumer has started. */
    public static final String STARTED = "IT-CONSUMER STARTED";

    private WatchingConsumerMain() {}

    public static void main(String[] args) throws IOException {
        try (Consumer consumer = Consumer.of(args[0], args[1]).start()) {
            System.out.println(STARTED);
            System.out.flush();
            while (System.in.read() >= 0) {
                // Runs until the test ends it.
            }
        }
        System.exit(0);
    }
}
