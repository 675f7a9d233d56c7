package dev.nacosapp.samples.api;

import java.io.Serializable;

/**
 * What a provider answers: the greeting, and which provider instance produced it and where it is registered. A plain Java bean because Dubbo's
 * default serializations (hessian2 for the Dubbo protocol, and for Triple without IDL) read and write bean properties.
 * Not thread-safe; each call gets its own.
 */
public class Greeting implements Serializable {
    private static final long serialVersionUID = 1L;

    private String message;
    private String provider;
    private String address;
    private String caller;

    public Greeting() {}

    public Greeting(String message, String provider, String address, String caller) {
        this.message = message;
        this.provider = provider;
        this.address = address;
        this.caller = caller;
    }

    /** The greeting text. */
    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    /** The name of the provider instance that answered, e.g. {@code provider-a}. */
    public String getProvider() {
        return provider;
    }

    public void setProvider(String provider) {
        this.provider = provider;
    }

    /** The address that instance is registered under in Nacos, {@code host:port}. */
    public String getAddress() {
        return address;
    }

    public void setAddress(String address) {
        this.address = address;
    }

    /**
     * The address the call came from, as the provider's socket saw it. {@code 127.0.0.1} proves the consumer called
     * the provider over loopback, not through a network card.
     */
    public String getCaller() {
        return caller;
    }

    public void setCaller(String caller) {
        this.caller = caller;
    }

    /** The source address of the call being served, read from the connection rather than from Dubbo's URL. */
    public static String currentCaller(java.net.InetSocketAddress remote) {
        if (remote == null) {
            return "unknown";
        }
        // Triple records the peer as an unresolved host string; the Dubbo protocol as a resolved address.
        return remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
    }

    @Override
    public String toString() {
        return message + " (from " + provider + " at " + address + ")";
    }
}
