package dev.nacosapp.samples.api;

import java.io.Serializable;

/**
 * What a provider answers: the greeting and which provider instance produced it. A plain Java bean because Dubbo's
 * default serializations (hessian2 for the Dubbo protocol, and for Triple without IDL) read and write bean properties.
 * Not thread-safe; each call gets its own.
 */
public class Greeting implements Serializable {
    private static final long serialVersionUID = 1L;

    private String message;
    private String provider;
    private int port;

    public Greeting() {}

    public Greeting(String message, String provider, int port) {
        this.message = message;
        this.provider = provider;
        this.port = port;
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

    /** The Dubbo port that instance serves on. */
    public int getPort() {
        return port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    @Override
    public String toString() {
        return message + " (from " + provider + ", port " + port + ")";
    }
}
