package dev.nacosapp.benchmarks.reconciliation;

import dev.nacosapp.benchmarks.child.ChildProcess;
import dev.nacosapp.benchmarks.contender.ContenderKind;
import dev.nacosapp.benchmarks.contender.DubboDiscoveryContender;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Child JVM of the reconciliation figures: one nacos-app consumer, set up as its {@link Variant} says, watching that
 * variant's applications. Arguments: variant name, server address, applications, instances each.
 *
 * <p>Reports {@code subscribed} once every application's list was delivered, then answers the commands {@code start}
 * (opens a window: {@code started}), {@code lap} (closes it and opens the next) and {@code end} (closes it and exits)
 * with {@code result}: the process's CPU time and the window's wall time, live threads at its end and their peak in
 * it, the {@code nacos-app-reconcile-*} and {@code nacos-app-notify-*} threads at its end, the reconcile threads' CPU
 * time in it, how many applications list every instance, the window's JIT compilation and GC time, and the CPU time
 * of its Java threads (the process's without the JIT compiler's and GC's). The live
 * threads by pool go to its log at the end.
 */
public final class ReconciliationProbe {
    private static final long SETTLE_MILLIS = 2000;
    private static final long DELIVERY_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(240);
    private static final String RECONCILE_THREADS = "nacos-app-reconcile";
    private static final String NOTIFY_THREADS = "nacos-app-notify";

    private ReconciliationProbe() {}

    public static void main(String[] args) throws Exception {
        Variant variant = Variant.valueOf(args[0]);
        String serverAddr = args[1];
        int applications = Integer.parseInt(args[2]);
        int instancesEach = Integer.parseInt(args[3]);

        // Three consumers start at once, right after the footprint's large populations are gone: on a busy machine the
        // default startup-timeout (10 s) could end a start that is not measured at all.
        DubboDiscoveryContender contender = DubboDiscoveryContender.connect(
                ContenderKind.NACOS_APP, serverAddr, variant.parameters() + "&startup-timeout=60s");
        Map<String, Integer> listed = new ConcurrentHashMap<>();
        for (String application : variant.applications(applications)) {
            contender.subscribe(application, (nanos, instances) -> listed.put(application, instances.size()));
        }
        long deadline = System.nanoTime() + DELIVERY_TIMEOUT_NANOS;
        while (complete(listed, instancesEach) < applications) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(variant + ": only " + complete(listed, instancesEach) + " of "
                        + applications + " applications delivered within "
                        + TimeUnit.NANOSECONDS.toSeconds(DELIVERY_TIMEOUT_NANOS) + " s");
            }
            Thread.sleep(20);
        }
        // Let the pools finish the work of the last deliveries before the window opens.
        Thread.sleep(SETTLE_MILLIS);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        ChildProcess.report("subscribed", threads.getThreadCount());

        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        Snapshot since = null;
        String line;
        while ((line = in.readLine()) != null) {
            switch (line) {
                case "start" -> {
                    since = Snapshot.take();
                    ChildProcess.report("started");
                }
                case "lap", "end" -> {
                    Snapshot now = Snapshot.take();
                    ChildProcess.report(
                            "result",
                            now.cpuNanos() - since.cpuNanos(),
                            now.nanos() - since.nanos(),
                            threads.getThreadCount(),
                            threads.getPeakThreadCount(),
                            named(RECONCILE_THREADS).size(),
                            named(NOTIFY_THREADS).size(),
                            since.until(now.reconcileThreadCpu(), Snapshot::reconcileThreadCpu),
                            complete(listed, instancesEach),
                            now.jitMillis() - since.jitMillis(),
                            now.gcMillis() - since.gcMillis(),
                            since.until(now.javaThreadCpu(), Snapshot::javaThreadCpu));
                    since = now;
                    if (line.equals("end")) {
                        logThreads();
                        contender.close();
                        System.exit(0);
                    }
                }
                default -> throw new IllegalArgumentException("Unknown command: " + line);
            }
        }
        System.exit(1);
    }

    /**
     * Where the process stood at the start of a window; taking one restarts the peak thread count. CPU times of
     * threads are by thread id: a thread that ended within the window is missing from both sums.
     */
    private record Snapshot(
            long nanos,
            long cpuNanos,
            long jitMillis,
            long gcMillis,
            Map<Long, Long> reconcileThreadCpu,
            Map<Long, Long> javaThreadCpu) {
        static Snapshot take() {
            Snapshot snapshot = new Snapshot(
                    System.nanoTime(),
                    processCpuNanos(),
                    compilationMillis(),
                    collectionMillis(),
                    cpuOf(RECONCILE_THREADS),
                    cpuOf(""));
            ManagementFactory.getThreadMXBean().resetPeakThreadCount();
            return snapshot;
        }

        /** CPU time spent from this snapshot to a later one by the threads alive at the later one. */
        long until(Map<Long, Long> later, Function<Snapshot, Map<Long, Long>> which) {
            Map<Long, Long> earlier = which.apply(this);
            long sum = 0;
            for (Map.Entry<Long, Long> thread : later.entrySet()) {
                sum += thread.getValue() - earlier.getOrDefault(thread.getKey(), 0L);
            }
            return sum;
        }
    }

    /** Time the JIT compilers spent so far (compiler threads are hidden from the thread figures). */
    private static long compilationMillis() {
        return ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    }

    private static long collectionMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionTime)
                .sum();
    }

    /** The live threads by name without their numbers, to this JVM's log: which pools the thread figures count. */
    private static void logThreads() {
        Map<String, Long> pools = new TreeMap<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            pools.merge(thread.getName().replaceAll("[-#]?\\d+", "-N"), 1L, Long::sum);
        }
        pools.forEach((pool, count) -> System.err.println("live threads at the end: " + count + " x " + pool));
    }

    private static int complete(Map<String, Integer> listed, int instancesEach) {
        return (int) listed.values().stream().filter(n -> n >= instancesEach).count();
    }

    /** CPU time of every thread of the process, JIT and GC included. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static List<Thread> named(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith(prefix))
                .toList();
    }

    /**
     * CPU time so far of each live Java thread whose name starts with {@code prefix} (the JIT compiler and GC threads
     * are not Java threads), by thread id.
     */
    private static Map<Long, Long> cpuOf(String prefix) {
        Map<Long, Long> cpu = new HashMap<>();
        for (Thread thread : named(prefix)) {
            long nanos = ManagementFactory.getThreadMXBean().getThreadCpuTime(thread.getId());
            if (nanos >= 0) {
                cpu.put(thread.getId(), nanos);
            }
        }
        return cpu;
    }
}
