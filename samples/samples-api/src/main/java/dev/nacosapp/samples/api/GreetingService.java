package dev.nacosapp.samples.api;

/**
 * The one service of the samples. Each provider answers with its own name and registered address, so a consumer can show which
 * instance served a call. Implementations are thread-safe.
 */
public interface GreetingService {

    /** Greets {@code name} and tells which provider instance answered. */
    Greeting greet(String name);
}
