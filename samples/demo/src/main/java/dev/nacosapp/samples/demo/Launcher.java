package dev.nacosapp.samples.demo;

import dev.nacosapp.samples.plain.ConsumerMain;
import dev.nacosapp.samples.plain.ProviderMain;
import dev.nacosapp.testkit.process.ChildJvm;
import dev.nacosapp.testkit.process.ChildJvmBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Starts the sample provider and consumer JVMs, with the test kit's {@link ChildJvm}, on the demo's classpath and the
 * {@code java} that runs the demo, and remembers each so that {@link #stopAll()} leaves none behind. Thread-safe.
 */
final class Launcher {
    /** The labels every demo provider carries; Dubbo turns them into Nacos instance metadata. */
    static final String PROVIDER_LABELS = "env=prod;zone=hz";

    static final Set<String> PROVIDER_LABEL_KEYS = Set.of("env", "zone");

    private final DemoOptions options;
    private final String nacosAddress;
    private final List<ChildProcess> started = Collections.synchronizedList(new ArrayList<>());

    Launcher(DemoOptions options, String nacosAddress) throws IOException {
        this.options = options;
        this.nacosAddress = nacosAddress;
        Files.createDirectories(options.logsDir());
    }

    ChildProcess startProvider(String name, int port, String cluster, String weight) {
        return remember(ChildProcess.start(jvm(name, ProviderMain.class.getName())
                .args(List.of(
                        "--nacos",
                        nacosAddress,
                        "--name",
                        name,
                        "--port",
                        Integer.toString(port),
                        "--cluster",
                        cluster,
                        "--weight",
                        weight))
                // DUBBO_LABELS is how Dubbo adds instance metadata from the environment (e.g. set by Kubernetes).
                .environment(Map.of("DUBBO_LABELS", PROVIDER_LABELS))));
    }

    ConsumerProcess startConsumer(String name, String selector) {
        return remember(ConsumerProcess.start(jvm(name, ConsumerMain.class.getName())
                .args(List.of("--nacos", nacosAddress, "--selector", selector, "--interactive"))));
    }

    /** Stops every process started: SIGTERM to all at once, then waits for each (a provider takes ~5 s). */
    void stopAll() {
        List<ChildProcess> processes;
        synchronized (started) {
            processes = new ArrayList<>(started);
        }
        processes.forEach(ChildProcess::stopAsync);
        processes.forEach(ChildProcess::stop);
    }

    private <T extends ChildProcess> T remember(T process) {
        started.add(process);
        return process;
    }

    private ChildJvmBuilder jvm(String name, String mainClass) {
        Path logs = options.logsDir();
        return ChildJvm.builder(name, mainClass)
                .java(options.javaCommand())
                .classPath(options.classpath())
                // Short-lived JVMs on a small machine: start fast rather than peak fast.
                .flags(ChildJvm.QUICK_START_FLAGS)
                .flags(List.of("-Xmx256m"))
                .systemProperty("samples.log.file", logs.resolve(name + ".log").toString())
                // nacos-client logs into the same file instead of ~/logs/nacos, and caches under the logs folder.
                .systemProperty("nacos.logging.default.config.enabled", "false")
                .systemProperty("JM.LOG.PATH", logs.resolve("nacos-client").toString())
                .systemProperty("JM.SNAPSHOT.PATH", logs.resolve("nacos-client").toString())
                // Dubbo caches metadata under ~/.dubbo by default; the demo leaves no files outside its folder.
                .systemProperty("dubbo.application.enable-file-cache", "false")
                // Whatever home the demo runs with (a test gives it one under target/), its JVMs share it.
                .systemProperty("user.home", System.getProperty("user.home"))
                .log(logs.resolve(name + ".out"))
                // The demo's own shutdown hook stops them gracefully (see Demo), which the test kit's kill on exit
                // would cut short.
                .keepOnExit();
    }

    /** A TCP port free on 127.0.0.1 right now, other than those given. */
    static int freePort(int... taken) throws IOException {
        while (true) {
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            }
            boolean clash = false;
            for (int other : taken) {
                clash |= other == port;
            }
            if (!clash) {
                return port;
            }
        }
    }
}
