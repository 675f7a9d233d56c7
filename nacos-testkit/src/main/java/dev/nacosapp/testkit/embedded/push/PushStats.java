package dev.nacosapp.testkit.embedded.push;

/**
 * Counters of the pushes a server run made, for assertions in tests.
 *
 * @param sent pushes written to a subscriber's stream
 * @param acknowledged pushes the client acknowledged with success
 * @param failed pushes that failed, were refused or timed out (each is retried while the subscriber stays)
 * @param awaitingAck pushes sent and not yet acknowledged
 */
public record PushStats(long sent, long acknowledged, long failed, long awaitingAck) {}
