package dev.nacosapp.benchmarks.e2e;

/** Answers every call with one token, so a consumer can tell which provider JVM it reached. Immutable. */
public final class FixedEcho implements EchoService {
    private final String token;

    public FixedEcho(String token) {
        this.token = token;
    }

    @Override
    public String echo() {
        return token;
    }
}
