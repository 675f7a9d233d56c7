package dev.nacosapp.benchmarks.e2e;

import dev.nacosapp.benchmarks.contender.ContenderKind;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.dubbo.config.ApplicationConfig;
import org.apache.dubbo.config.ReferenceConfig;
import org.apache.dubbo.config.RegistryConfig;
import org.apache.dubbo.config.bootstrap.DubboBootstrap;
import org.apache.dubbo.rpc.model.FrameworkModel;

/**
 * A complete Dubbo 3.3 consumer of {@link EchoService} on one Dubbo contender's registry, in a framework model of its
 * own. {@link #callUntil} calls every 2 ms from a thread of its own until the expected provider answers, and notes
 * when. Not thread-safe: one harness thread drives it.
 */
final class EchoConsumer implements AutoCloseable {
    private static final long CALL_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private final ContenderKind kind;
    private final FrameworkModel framework;
    private final DubboBootstrap bootstrap;
    private final EchoService echo;
    private Thread caller;
    private volatile long answeredAt;

    private EchoConsumer(ContenderKind kind, FrameworkModel framework, DubboBootstrap bootstrap, EchoService echo) {
        this.kind = kind;
        this.framework = framework;
        this.bootstrap = bootstrap;
        this.echo = echo;
    }

    static EchoConsumer start(ContenderKind kind, String serverAddr) {
        FrameworkModel framework = new FrameworkModel();
        ApplicationConfig application = new ApplicationConfig("bench-e2e-consumer-" + kind.id());
        application.setQosEnable(false);
        application.setLogger("slf4j");
        RegistryConfig registry =
                new RegistryConfig(kind.scheme() + "://" + serverAddr + "?registry-type=service&file-cache=false");
        // The same for both: no config or metadata center (the built-in name would otherwise make Nacos both).
        registry.setUseAsConfigCenter(false);
        registry.setUseAsMetadataCenter(false);

        ReferenceConfig<EchoService> reference = new ReferenceConfig<>();
        reference.setInterface(EchoService.class);
        reference.setProvidedBy(EchoProvider.APPLICATION);
        reference.setCheck(false);
        reference.setTimeout(1000);
        reference.setRetries(0);

        DubboBootstrap bootstrap = DubboBootstrap.newInstance(framework)
                .application(application)
                .registry(registry)
                .reference(reference)
                .start();
        return new EchoConsumer(kind, framework, bootstrap, reference.get());
    }

    ContenderKind kind() {
        return kind;
    }

    /** Starts calling until a call returns {@code token} or the timeout passes. */
    void callUntil(String token, Duration timeout) {
        answeredAt = 0;
        long deadline = System.nanoTime() + timeout.toNanos();
        caller = new Thread(
                () -> {
                    while (System.nanoTime() < deadline) {
                        try {
                            if (token.equals(echo.echo())) {
                                answeredAt = System.nanoTime();
                                return;
                            }
                        } catch (RuntimeException e) {
                            // No provider yet, or the previous (killed) one: keep calling.
                        }
                        LockSupport.parkNanos(CALL_INTERVAL_NANOS);
                    }
                },
                "bench-e2e-caller-" + kind.id());
        caller.setDaemon(true);
        caller.start();
    }

    /** When the first call that reached the expected provider returned, once the caller thread finished. */
    OptionalLong awaitAnswer() throws InterruptedException {
        caller.join();
        long at = answeredAt;
        return at == 0 ? OptionalLong.empty() : OptionalLong.of(at);
    }

    @Override
    public void close() {
        try {
            bootstrap.stop();
        } finally {
            framework.destroy();
        }
    }
}
