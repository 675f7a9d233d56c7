package dev.nacosapp.benchmarks.recovery;

import com.alibaba.nacos.api.exception.NacosException;
import com.alibaba.nacos.api.naming.NamingFactory;
import com.alibaba.nacos.api.naming.NamingService;
import dev.nacosapp.benchmarks.contender.ArrivalLog;
import dev.nacosapp.benchmarks.contender.ContenderKind;
import dev.nacosapp.benchmarks.contender.RemoteContender;
import dev.nacosapp.benchmarks.fixture.Instances;
import dev.nacosapp.benchmarks.report.CsvTable;
import dev.nacosapp.benchmarks.report.Figure;
import dev.nacosapp.benchmarks.run.BenchContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Recovery: the embedded server restarts with no state (as a standalone Nacos does); three providers, each on its own
 * nacos-client connection, come back through the client's redo task, and so do the subscriptions. For each contender:
 * how long after the restarted server listens its listener holds every instance again.
 *
 * <p>Each restart has fresh provider clients, created at a random moment, so that which client redoes first varies
 * from restart to restart rather than being fixed for the run by when each client happened to start.
 *
 * <p>A contender whose listener never received an incomplete list across the restart (nacos-app drops empty pushes;
 * a subscription redone after all providers are back sees no change) scores 0 ms: it never stopped seeing every
 * instance. Otherwise the sample ends at the first complete list after the last incomplete one. The CSV records how
 * many incomplete lists each contender received.
 */
public final class RecoveryBenchmark {
    public static final String APPLICATION = "bench-recovery";

    private static final int FIRST_PORT = 19500;
    private static final int PROVIDERS = 3;
    private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(60);
    /** Lets a push that was on its way when the server became complete arrive before the restart is scored. */
    private static final Duration GRACE = Duration.ofMillis(1500);

    private static final Duration REDO_PERIOD = Duration.ofSeconds(3);
    private static final Duration SETTLE = Duration.ofMillis(200);

    private final Random random = new Random(5);
    private final BenchContext context;
    private final List<RemoteContender> contenders;
    private final CsvTable csv;

    public RecoveryBenchmark(BenchContext context, List<RemoteContender> contenders) {
        this.context = context;
        this.contenders = contenders;
        this.csv = context.results()
                .table(
                        "recovery.csv",
                        "restart",
                        "contender",
                        "recovery_ms",
                        "incomplete_lists",
                        "empty_lists",
                        "restart_ms");
    }

    public void run() throws Exception {
        if (!context.nacos().isEmbedded()) {
            context.results()
                    .note("Recovery was not measured: it restarts the server, which only the embedded one allows.");
            return;
        }
        Set<String> every = new HashSet<>();
        for (int i = 0; i < PROVIDERS; i++) {
            every.add(Instances.HOST + ":" + (FIRST_PORT + i));
        }
        List<ArrivalLog> logs = new ArrayList<>();
        for (RemoteContender contender : contenders) {
            logs.add(contender.subscribe(APPLICATION));
        }
        Map<ContenderKind, Integer> incomplete = new EnumMap<>(ContenderKind.class);
        Map<ContenderKind, Integer> empty = new EnumMap<>(ContenderKind.class);
        int restarts = context.settings().recoveryRestarts();
        for (int restart = 0; restart < restarts; restart++) {
            // nacos-client redoes registrations and subscriptions every 3 s, counted from its creation. Fresh provider
            // clients, created at a random point of that period, make the order in which each consumer and each
            // provider come back random per restart, instead of the same for the whole run.
            Thread.sleep(random.nextInt((int) REDO_PERIOD.toMillis()));
            int[] registered = marks(logs);
            List<NamingService> providers = registerProviders();
            try {
                // Every consumer must have seen this round's providers arrive before the server restarts; a consumer
                // that kept the previous round's list (nacos-app ignores the empty push in between) still gets it.
                for (int i = 0; i < logs.size(); i++) {
                    if (logs.get(i)
                            .await(registered[i], addresses -> addresses.containsAll(every), RECOVERY_TIMEOUT)
                            .isEmpty()) {
                        throw new IllegalStateException(
                                logs.get(i).kind().label() + " never listed the providers of restart " + restart);
                    }
                }
                Thread.sleep(SETTLE.toMillis());
                restartOnce(restart, logs, every, incomplete, empty);
            } finally {
                for (NamingService provider : providers) {
                    shutDown(provider);
                }
            }
            context.say("recovery: restart %d of %d done", restart + 1, restarts);
        }
        for (ContenderKind kind : ContenderKind.values()) {
            context.results()
                    .note(String.format(
                            Locale.ROOT,
                            "Recovery: %s's listener received an incomplete list in %d of %d restarts, an empty one"
                                    + " in %d.",
                            kind.label(),
                            incomplete.getOrDefault(kind, 0),
                            restarts,
                            empty.getOrDefault(kind, 0)));
        }
    }

    private List<NamingService> registerProviders() throws NacosException {
        List<NamingService> providers = new ArrayList<>();
        try {
            for (int i = 0; i < PROVIDERS; i++) {
                NamingService provider = NamingFactory.createNamingService(context.serverAddr());
                providers.add(provider);
                provider.registerInstance(APPLICATION, Instances.provider(FIRST_PORT + i, i));
            }
            return providers;
        } catch (NacosException | RuntimeException e) {
            providers.forEach(RecoveryBenchmark::shutDown);
            throw e;
        }
    }

    private void restartOnce(
            int restart,
            List<ArrivalLog> logs,
            Set<String> every,
            Map<ContenderKind, Integer> incompleteRestarts,
            Map<ContenderKind, Integer> emptyRestarts)
            throws InterruptedException {
        int[] marks = marks(logs);
        long stoppedAt = System.nanoTime();
        context.nacos().restart();
        long readyAt = System.nanoTime();
        awaitComplete(logs, every);
        Thread.sleep(GRACE.toMillis());
        awaitComplete(logs, every);
        for (int i = 0; i < logs.size(); i++) {
            ArrivalLog log = logs.get(i);
            List<ArrivalLog.Arrival> arrivals = log.since(marks[i]);
            int lastIncomplete = -1;
            int incomplete = 0;
            int empty = 0;
            for (int a = 0; a < arrivals.size(); a++) {
                Set<String> addresses = arrivals.get(a).addresses();
                if (!addresses.containsAll(every)) {
                    lastIncomplete = a;
                    incomplete++;
                }
                if (addresses.isEmpty()) {
                    empty++;
                }
            }
            double millis = 0;
            if (lastIncomplete >= 0) {
                // awaitComplete guarantees a complete list arrived after the last incomplete one.
                millis = (arrivals.get(lastIncomplete + 1).nanos() - readyAt) / 1e6;
                incompleteRestarts.merge(log.kind(), 1, Integer::sum);
            }
            if (empty > 0) {
                emptyRestarts.merge(log.kind(), 1, Integer::sum);
            }
            context.results().add(Figure.RECOVERY, log.kind(), millis);
            csv.add(
                    restart,
                    log.kind().id(),
                    String.format(Locale.ROOT, "%.1f", millis),
                    incomplete,
                    empty,
                    String.format(Locale.ROOT, "%.1f", (readyAt - stoppedAt) / 1e6));
        }
    }

    private static int[] marks(List<ArrivalLog> logs) {
        int[] marks = new int[logs.size()];
        for (int i = 0; i < logs.size(); i++) {
            marks[i] = logs.get(i).mark();
        }
        return marks;
    }

    /** Waits until the server holds every provider again and every contender's last list has all of them. */
    private void awaitComplete(List<ArrivalLog> logs, Set<String> every) throws InterruptedException {
        long deadline = System.nanoTime() + RECOVERY_TIMEOUT.toNanos();
        while (context.nacos().instanceCount(APPLICATION) < every.size()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The providers did not come back within " + RECOVERY_TIMEOUT);
            }
            Thread.sleep(10);
        }
        for (ArrivalLog log : logs) {
            long left = Math.max(1, deadline - System.nanoTime());
            if (!log.awaitCurrent(addresses -> addresses.containsAll(every), Duration.ofNanos(left))) {
                throw new IllegalStateException(
                        log.kind().label() + " did not list every provider within " + RECOVERY_TIMEOUT);
            }
        }
    }

    private static void shutDown(NamingService naming) {
        try {
            naming.shutDown();
        } catch (NacosException e) {
            System.err.println("Closing a recovery provider failed: " + e);
        }
    }
}
