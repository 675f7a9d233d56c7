package dev.nacosapp.samples.demo;

import dev.nacosapp.samples.plain.ProviderMain;
import dev.nacosapp.testkit.embedded.EmbeddedNacosServer;
import dev.nacosapp.testkit.http.NacosHttp;
import dev.nacosapp.testkit.http.NacosHttpClients;
import dev.nacosapp.testkit.http.NacosHttpException;
import dev.nacosapp.testkit.http.RegisteredInstance;
import dev.nacosapp.testkit.model.NacosLine;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The demo's steps: Nacos, two providers and a consumer as separate JVMs, the instances as Nacos stores them, calls
 * spread by weight, one provider stopped and the consumer carrying on. Prints a short line per step and returns the
 * exit code; every process it started is stopped on the way out, also on failure and on Ctrl-C. Runs once.
 */
final class Demo {
    private static final String GROUP = "DEFAULT_GROUP";
    private static final String CLUSTER = "hz";
    private static final String SELECTOR = "env:prod";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(40);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final Pattern ANSWER = Pattern.compile("call \\d+ -> answered by (\\S+) .*");
    private static final int CALLS = 9;
    private static final int CALLS_AFTER_STOP = 6;

    private final DemoOptions options;
    private final PrintStream out;
    private boolean cleaned;
    private volatile boolean stopping;
    private final long startNanos = System.nanoTime();
    private EmbeddedNacosServer server;
    private String nacosAddress;
    private Launcher launcher;

    Demo(DemoOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    int run() {
        Thread onCtrlC = new Thread(this::interrupted, "demo-cleanup");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        try {
            steps();
            return 0;
        } catch (IOException | RuntimeException e) {
            if (!stopping) {
                out.println("FAILED: " + (e instanceof DemoFailure ? e.getMessage() : e.toString()));
            }
            return 1;
        } finally {
            cleanUp();
            out.printf(
                    Locale.ROOT,
                    "Demo finished in %.1f s; every process's log is in %s%n",
                    seconds(),
                    options.logsDir());
            try {
                Runtime.getRuntime().removeShutdownHook(onCtrlC);
            } catch (IllegalStateException e) {
                // Already shutting down (Ctrl-C): the hook runs cleanUp, which has nothing left to do.
            }
        }
    }

    private void steps() throws IOException {
        out.println("nacos-app demo: two Dubbo providers and a consumer find each other through Nacos");
        NacosHttp openApi = nacos();
        launcher = new Launcher(options, nacosAddress);

        int portA = Launcher.freePort();
        int portB = Launcher.freePort(portA);
        step(
                2,
                "Starting provider-a (Dubbo port " + portA + ", weight 1.0), provider-b (Dubbo port " + portB
                        + ", weight 2.0) and a consumer, each in its own JVM");
        ChildProcess providerA = launcher.startProvider("provider-a", portA, CLUSTER, "1.0");
        ChildProcess providerB = launcher.startProvider("provider-b", portB, CLUSTER, "2.0");
        ConsumerProcess consumer = launcher.startConsumer("consumer", SELECTOR);
        detail("pids: provider-a " + providerA.pid() + ", provider-b " + providerB.pid() + ", consumer "
                + consumer.pid());
        List<RegisteredInstance> instances = awaitInstances(
                openApi, List.of(providerA, providerB, consumer), found -> found.size() == 2, "both providers");
        detail(String.format(
                Locale.ROOT, "both providers registered in Nacos %.1f s after the demo started", seconds()));

        step(
                3,
                "Nacos holds service '" + ProviderMain.APPLICATION + "' (group " + GROUP + "), read with "
                        + instanceListCall(openApi) + ":");
        for (RegisteredInstance instance : instances) {
            detail(instance.address() + "  cluster=" + instance.clusterName() + "  weight=" + instance.weight()
                    + "  healthy=" + instance.healthy());
            Map<String, String> labels = new TreeMap<>();
            Map<String, String> dubbo = new TreeMap<>();
            instance.metadata().forEach((key, value) -> (Launcher.PROVIDER_LABEL_KEYS.contains(key) ? labels : dubbo)
                    .put(key, value));
            detail("  metadata from the provider's labels: " + describe(labels));
            detail("  metadata from Dubbo: " + describe(dubbo));
        }

        consumer.readUntil("ready"::equals, STARTUP_TIMEOUT);
        consumer.send("await 2");
        expectLast(
                consumer.readUntil(line -> line.startsWith("providers") || line.startsWith("timeout"), ANSWER_TIMEOUT),
                "providers 2",
                "the consumer to see both providers");
        step(4, "The consumer (selector " + SELECTOR + ", round robin) sees 2 providers; " + CALLS + " calls:");
        Map<String, Integer> answered = calls(consumer, CALLS);
        detail("answers: " + answered + " - round robin follows the Nacos weights 1.0 : 2.0");
        if (!answered.keySet().equals(Set.of("provider-a", "provider-b"))) {
            throw new DemoFailure("expected both providers to answer, got " + answered);
        }

        step(5, "Stopping provider-a with SIGTERM: Dubbo deregisters it first, then shuts down gracefully");
        long sigterm = System.nanoTime();
        providerA.stopAsync();
        List<RegisteredInstance> left = awaitInstances(
                openApi, List.of(providerB, consumer), found -> found.size() == 1, "provider-a to be gone");
        consumer.send("await 1");
        expectLast(
                consumer.readUntil(line -> line.startsWith("providers") || line.startsWith("timeout"), ANSWER_TIMEOUT),
                "providers 1",
                "the consumer to drop provider-a");
        detail(String.format(
                Locale.ROOT,
                "%.1f s after SIGTERM Nacos lists only %s and the consumer sees 1 provider",
                (System.nanoTime() - sigterm) / 1e9,
                left.get(0).address()));
        Map<String, Integer> after = calls(consumer, CALLS_AFTER_STOP);
        if (!after.keySet().equals(Set.of("provider-b"))) {
            throw new DemoFailure("expected only provider-b to answer after provider-a stopped, got " + after);
        }
        detail("all " + CALLS_AFTER_STOP + " calls after the stop were answered by provider-b");
        providerA.stop();
        detail(String.format(
                Locale.ROOT,
                "provider-a finished its graceful shutdown %.1f s after SIGTERM",
                (System.nanoTime() - sigterm) / 1e9));

        step(
                6,
                server != null
                        ? "Stopping the consumer, provider-b and the embedded Nacos server"
                        : "Stopping the consumer and provider-b");
    }

    /**
     * Starts the embedded server, or waits for the one named by NACOS_ADDR, and returns the test kit's HTTP client for
     * it, which finds out the server's line (2.x: v1 open API; 3.x: v3 admin API, since 3.x refuses v1 admin and
     * console paths) the way the test harness does.
     */
    private NacosHttp nacos() {
        if (options.embedded()) {
            server = EmbeddedNacosServer.builder().port(0).build().start();
            nacosAddress = server.serverAddr();
            step(
                    1,
                    "Nacos: started the embedded Nacos-compatible server at " + nacosAddress
                            + " (NACOS_ADDR=host:port uses a real Nacos instead)");
            return NacosHttpClients.create(NacosLine.V2, nacosAddress, null, null);
        }
        nacosAddress = options.nacosAddress();
        NacosHttp http = NacosHttpClients.create(nacosAddress, null, options.adminCredentials());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!http.isReady()) {
            if (System.nanoTime() - deadline > 0) {
                throw new DemoFailure("no Nacos answers readiness (GET /nacos/v3/admin/core/state/readiness for 3.x, "
                        + "GET /nacos/v1/console/health/readiness for 2.x) at " + nacosAddress
                        + " (from NACOS_ADDR or --nacos)");
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        step(1, "Nacos: using the Nacos server at " + nacosAddress + " (" + describe(http.line()) + ")");
        return http;
    }

    private static String describe(NacosLine line) {
        return line == NacosLine.V3 ? "a 3.x server" : "a 2.x server";
    }

    private static String instanceListCall(NacosHttp http) {
        return http.line() == NacosLine.V3 ? "GET /nacos/v3/admin/ns/instance/list" : "GET /nacos/v1/ns/instance/list";
    }

    private List<RegisteredInstance> awaitInstances(
            NacosHttp openApi, List<ChildProcess> mustLive, Predicate<List<RegisteredInstance>> until, String what) {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (true) {
            mustLive.forEach(ChildProcess::checkAlive);
            List<RegisteredInstance> found = instances(openApi);
            if (until.test(found)) {
                return found;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new DemoFailure("waited " + STARTUP_TIMEOUT.toSeconds() + " s for " + what
                        + " in Nacos; it lists "
                        + found.stream().map(RegisteredInstance::address).toList());
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    private static List<RegisteredInstance> instances(NacosHttp openApi) {
        try {
            return openApi.instances("", GROUP, ProviderMain.APPLICATION);
        } catch (NacosHttpException e) {
            throw new DemoFailure("Nacos did not list " + ProviderMain.APPLICATION + ": " + e.getMessage());
        }
    }

    /** Makes calls through the consumer, prints each answer and counts answers per provider. */
    private Map<String, Integer> calls(ConsumerProcess consumer, int count) {
        consumer.send("call " + count);
        Map<String, Integer> answered = new TreeMap<>();
        for (String line : consumer.readUntil("calls done"::equals, ANSWER_TIMEOUT)) {
            if (line.equals("calls done")) {
                continue;
            }
            detail(line);
            Matcher matcher = ANSWER.matcher(line);
            if (!matcher.matches()) {
                throw new DemoFailure("a call failed: " + line + "; see " + consumer.output());
            }
            answered.merge(matcher.group(1), 1, Integer::sum);
        }
        return answered;
    }

    private static void expectLast(List<String> lines, String expected, String what) {
        String last = lines.get(lines.size() - 1);
        if (!last.equals(expected)) {
            throw new DemoFailure("waited for " + what + ": " + last);
        }
    }

    /** Key=value pairs, long JSON values shortened so that each instance fits a few lines. */
    private static String describe(Map<String, String> metadata) {
        return metadata.entrySet().stream()
                .map(e -> e.getKey() + "=" + shorten(e.getValue()))
                .collect(Collectors.joining(", "));
    }

    private static String shorten(String value) {
        return value.length() <= 36 ? value : value.substring(0, 33) + "...";
    }

    /** On Ctrl-C or SIGTERM: says so, then cleans up while the main thread's step fails. */
    private void interrupted() {
        stopping = true;
        out.println("Interrupted: stopping every process the demo started");
        cleanUp();
    }

    /**
     * Stops everything the demo started. Synchronised: when Ctrl-C arrives while the main thread is already cleaning
     * up, the shutdown hook waits for it instead of letting the JVM exit halfway.
     */
    private synchronized void cleanUp() {
        if (cleaned) {
            return;
        }
        cleaned = true;
        if (launcher != null) {
            launcher.stopAll();
        }
        if (server != null) {
            server.close();
        }
    }

    private void step(int number, String text) {
        out.println("[" + number + "/6] " + text);
    }

    private void detail(String text) {
        out.println("      " + text);
    }

    private double seconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
