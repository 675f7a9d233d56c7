package dev.nacosapp.samples.plain;

import dev.nacosapp.samples.api.Greeting;
import dev.nacosapp.samples.api.GreetingService;

/** Answers with this provider's name and port. Immutable, thread-safe. */
final class GreetingServiceImpl implements GreetingService {
    private final String providerName;
    private final int port;

    GreetingServiceImpl(String providerName, int port) {
        this.providerName = providerName;
        this.port = port;
    }

    @Override
    public Greeting greet(String name) {
        return new Greeting("Hello, " + name, providerName, port);
    }
}
