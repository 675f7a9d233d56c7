package dev.nacosapp.testkit.junit;

import dev.nacosapp.testkit.embedded.EmbeddedNacosServer;
import dev.nacosapp.testkit.http.NacosHttp;
import dev.nacosapp.testkit.model.NacosCredentials;
import dev.nacosapp.testkit.model.NacosLine;
import dev.nacosapp.testkit.server.NacosTarget;
import dev.nacosapp.testkit.server.NacosTargetConfig;
import dev.nacosapp.testkit.server.NacosTargets;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Assumptions;
import org.opentest4j.TestAbortedException;

/**
 * The configured target, started on first real use. A class whose tests all need the embedded server skips on
 * another target without starting it ({@link #embedded()} and {@link #requireEmbedded} are answered from the
 * configuration), so a container run does not pay 15-25 s per such class. A target that cannot start here is
 * tried once; every later use aborts with the same reason. Thread-safe.
 */
final class LazyTarget implements NacosTarget {

    private final NacosTargetConfig config;

    // Guarded by this.
    private NacosTarget started;

    // Guarded by this.
    private String skipReason;

    LazyTarget(NacosTargetConfig config) {
        this.config = config;
    }

    private synchronized NacosTarget target() {
        if (skipReason != null) {
            Assumptions.abort(skipReason);
        }
        if (started == null) {
            try {
                started = NacosTargets.start(config);
            } catch (TestAbortedException e) {
                skipReason = e.getMessage();
                throw e;
            }
        }
        return started;
    }

    @Override
    public String serverAddr() {
        return target().serverAddr();
    }

    @Override
    public String kind() {
        return target().kind();
    }

    @Override
    public int httpPort() {
        return target().httpPort();
    }

    @Override
    public Optional<NacosCredentials> credentials() {
        return target().credentials();
    }

    @Override
    public Optional<NacosCredentials> adminCredentials() {
        return target().adminCredentials();
    }

    @Override
    public NacosLine line() {
        return target().line();
    }

    @Override
    public Properties clientProperties() {
        return target().clientProperties();
    }

    @Override
    public NacosHttp http() {
        return target().http();
    }

    @Override
    public boolean canRestart() {
        return target().canRestart();
    }

    @Override
    public void restart() {
        target().restart();
    }

    @Override
    public Optional<EmbeddedNacosServer> embedded() {
        return config.kind() == NacosTargetConfig.Kind.EMBEDDED ? target().embedded() : Optional.empty();
    }

    @Override
    public EmbeddedNacosServer requireEmbedded(String fault) {
        Assumptions.assumeTrue(
                config.kind() == NacosTargetConfig.Kind.EMBEDDED,
                () -> fault + " needs the embedded Nacos server; this run targets "
                        + config.kind().id() + " (" + NacosTargetConfig.TARGET + "), which was not started for it");
        return target().requireEmbedded(fault);
    }

    @Override
    public synchronized void close() {
        if (started != null) {
            started.close();
            started = null;
        }
    }

    @Override
    public synchronized String toString() {
        return started != null
                ? started.toString()
                : "Nacos target " + config.kind().id() + " (not started yet)";
    }
}
