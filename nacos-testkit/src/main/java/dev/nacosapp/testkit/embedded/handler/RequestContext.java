package dev.nacosapp.testkit.embedded.handler;

/**
 * Who sent a request: the connection it arrived on and the client's address.
 *
 * @param connectionId the set-up connection the request arrived on
 * @param clientIp the client's address
 */
public record RequestContext(String connectionId, String clientIp) {}
