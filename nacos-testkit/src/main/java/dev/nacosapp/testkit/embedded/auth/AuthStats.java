package dev.nacosapp.testkit.embedded.auth;

/**
 * What an embedded server's authentication has seen since the server was built: tests use it to prove that clients
 * logged in again before their tokens expired, and that no request went out with a stale token. Immutable.
 *
 * @param logins logins that handed out a token
 * @param expiredTokenRefusals client or admin requests refused because their token had expired
 * @param otherRefusals requests refused for carrying no token or one the server never issued
 */
public record AuthStats(long logins, long expiredTokenRefusals, long otherRefusals) {}
