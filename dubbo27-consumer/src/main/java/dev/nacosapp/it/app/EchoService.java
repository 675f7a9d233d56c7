package dev.nacosapp.it.app;

/**
 * The end-to-end tests' service as this consumer knows it, the way a Dubbo 2.7 application has its provider's API
 * jar: same name, only the methods it calls. Dubbo finds providers by the interface name and calls a method by its
 * name and parameter types, so the tests' interface may have more methods than this one.
 */
public interface EchoService {

    /**
     * Names the provider that answered.
     *
     * @return the provider's name
     */
    String whoAmI();

    /**
     * Names the address the call came from, as the provider saw it.
     *
     * @return the caller's host address, 127.0.0.1 over loopback
     */
    String callerHost();
}
