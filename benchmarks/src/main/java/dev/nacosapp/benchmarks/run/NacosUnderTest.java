package dev.nacosapp.benchmarks.run;

import dev.nacosapp.testkit.embedded.EmbeddedNacosServer;
import java.time.Duration;

/**
 * The one server every contender is measured against in a run: the embedded nacos-testkit server on a free loopback
 * port pair, or a real Nacos given with {@code -Dnacos.addr}. Only the embedded one can be restarted or inspected. Not
 * thread-safe: the harness thread that runs the phases drives it.
 */
public final class NacosUnderTest implements AutoCloseable {
    private final EmbeddedNacosServer embedded;
    private final String serverAddr;

    private NacosUnderTest(EmbeddedNacosServer embedded, String serverAddr) {
        this.embedded = embedded;
        this.serverAddr = serverAddr;
    }

    public static NacosUnderTest start(BenchSettings settings) {
        if (!settings.embedded()) {
            return new NacosUnderTest(null, settings.nacosAddr());
        }
        EmbeddedNacosServer server = EmbeddedNacosServer.builder()
                .port(0)
                .pushDelay(Duration.ofMillis(settings.pushDelayMillis()))
                .build()
                .start();
        return new NacosUnderTest(server, server.serverAddr());
    }

    public String serverAddr() {
        return serverAddr;
    }

    public boolean isEmbedded() {
        return embedded != null;
    }

    /** For the report: which server, and the push delay when it is known. */
    public String describe() {
        return isEmbedded()
                ? "embedded nacos-testkit server at " + serverAddr + ", push delay "
                        + embedded.faults().pushDelay().toMillis() + " ms"
                : "Nacos at " + serverAddr + " (-Dnacos.addr; a real server batches pushes for ~0.5 s)";
    }

    /** Stops the embedded server and starts it again on the same ports, with no state; returns once it listens. */
    public void restart() {
        requireEmbedded("restart");
        embedded.restart();
    }

    /** Instances the embedded server holds for an application in the public namespace and default group. */
    public int instanceCount(String application) {
        requireEmbedded("count instances");
        return embedded.naming().instances("", "", application).size();
    }

    /**
     * Direct instance queries ({@code ServiceQueryRequest}) of an application in the public namespace and default
     * group the embedded server has answered since it was built.
     */
    public long queryCount(String application) {
        requireEmbedded("count queries");
        return embedded.naming().queryCount("", "", application);
    }

    private void requireEmbedded(String what) {
        if (!isEmbedded()) {
            throw new IllegalStateException("Cannot " + what + " of an external Nacos");
        }
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
