package dev.nacosapp.samples.demo;

import dev.nacosapp.samples.plain.ConsumerMain;
import dev.nacosapp.samples.plain.ProviderMain;
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
 * Starts the sample provider and consumer JVMs with the demo's classpath and the {@code java} that runs the demo, and
 * remembers each so that {@link #stopAll()} leaves none behind. Thread-safe.
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

    ChildProcess startProvider(String name, int port, String cluster, String weight) throws IOException {
        List<String> command = jvm(name, List.of());
        command.add(ProviderMain.class.getName());
        command.addAll(List.of(
                "--nacos",
                nacosAddress,
                "--name",
                name,
                "--port",
                Integer.toString(port),
                "--cluster",
                cluster,
                "--weight",
                weight));
        // DUBBO_LABELS is how Dubbo adds instance metadata from the environment (e.g. set by Kubernetes).
        return remember(ChildProcess.start(
                name,
                command,
                Map.of("DUBBO_LABELS", PROVIDER_LABELS),
                options.logsDir().resolve(name + ".out")));
    }

    ConsumerProcess startConsumer(String name, String selector) throws IOException {
        List<String> command = jvm(name, List.of());
        command.add(ConsumerMain.class.getName());
        command.addAll(List.of("--nacos", nacosAddress, "--selector", selector, "--interactive"));
        return remember(
                ConsumerProcess.start(name, command, Map.of(), options.logsDir().resolve(name + ".out")));
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

    private List<String> jvm(String name, List<String> extraProperties) {
        Path logs = options.logsDir();
        List<String> command = new ArrayList<>(List.of(
                options.javaCommand(),
                // Short-lived JVMs on a small machine: start fast rather than peak fast.
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xmx256m",
                "-Dsamples.log.file=" + logs.resolve(name + ".log"),
                // nacos-client logs into the same file instead of ~/logs/nacos, and caches under the logs folder.
                "-Dnacos.logging.default.config.enabled=false",
                "-DJM.LOG.PATH=" + logs.resolve("nacos-client"),
                "-DJM.SNAPSHOT.PATH=" + logs.resolve("nacos-client"),
                // Dubbo caches metadata under ~/.dubbo by default; the demo leaves no files outside its folder.
                "-Ddubbo.application.enable-file-cache=false",
                // Whatever home the demo runs with (a test gives it one under target/), its JVMs share it.
                "-Duser.home=" + System.getProperty("user.home")));
        command.addAll(extraProperties);
        command.add("-cp");
        command.add(options.classpath());
        return command;
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
