package dev.nacosapp.testkit.embedded.handler;

/**
 * Tells the router which connections completed their setup. The transport implements it, so that requests flow
 * from the transport down to the handlers and nothing here depends on the transport. Implementations are
 * thread-safe.
 */
public interface SetUpConnections {

    /**
     * Tells whether a connection completed its setup and is still open.
     *
     * @param connectionId the transport's id of the connection
     * @return true when requests on it may be answered
     */
    boolean isRegistered(String connectionId);
}
