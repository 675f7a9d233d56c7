package dev.nacosapp.it.app;

/** The one service every test provider exports: it tells the caller which provider, and which endpoint, answered. */
public interface EchoService {

    /**
     * Names the provider that answered.
     *
     * @return the provider name given in its {@link ProviderSpec}
     */
    String whoAmI();

    /**
     * Names the endpoint the call arrived on, as the provider saw it.
     *
     * @return {@code protocol:port}, for example {@code tri:50051}
     */
    String endpoint();

    /**
     * Names the address the call came from, as the provider saw it: 127.0.0.1 when the consumer connected over
     * loopback.
     *
     * @return the caller's host address
     */
    String callerHost();
}
