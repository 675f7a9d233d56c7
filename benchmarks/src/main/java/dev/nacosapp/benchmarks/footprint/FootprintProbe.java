package dev.nacosapp.benchmarks.footprint;

import dev.nacosapp.benchmarks.child.ChildProcess;
import dev.nacosapp.benchmarks.contender.Contender;
import dev.nacosapp.benchmarks.contender.ContenderKind;
import dev.nacosapp.benchmarks.contender.Contenders;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Child JVM of the footprint figure, one per contender and scenario so that nothing measured earlier stays in its
 * heap. Arguments: contender id, server address, applications, instances each. Reports live threads and used heap
 * (after repeated full GCs) at JVM start, once the contender is connected, and once every subscribed application's
 * list has been delivered; the listener keeps the latest list of every application, as Dubbo's own listener does.
 */
public final class FootprintProbe {
    private static final long SETTLE_MILLIS = 2000;
    private static final int SETTLE_READINGS = 8;
    private static final long DELIVERY_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(180);

    private FootprintProbe() {}

    public static void main(String[] args) throws Exception {
        ContenderKind kind = ContenderKind.fromId(args[0]);
        String serverAddr = args[1];
        int applications = Integer.parseInt(args[2]);
        int instancesEach = Integer.parseInt(args[3]);
        Scenario scenario = instancesEach > Scenario.SMALL_APP_INSTANCES
                ? Scenario.instances(instancesEach)
                : Scenario.apps(applications);

        int threadsAtStart = threads();
        long heapAtStart = usedHeapAfterGc();
        Contender contender = Contenders.connect(kind, serverAddr);
        // nacos-client finishes connecting and starting its helpers in the background; let that settle first.
        Thread.sleep(SETTLE_MILLIS);
        int threadsConnected = threads();
        long heapConnected = usedHeapAfterGc();

        Map<String, List<?>> latest = new ConcurrentHashMap<>();
        for (String application : scenario.applicationNames()) {
            contender.subscribe(application, (nanos, instances) -> {
                if (instances.size() >= instancesEach) {
                    latest.put(application, instances);
                }
            });
        }
        long deadline = System.nanoTime() + DELIVERY_TIMEOUT_NANOS;
        while (latest.size() < applications) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(kind.label() + ": only " + latest.size() + " of " + applications
                        + " applications delivered within " + TimeUnit.NANOSECONDS.toSeconds(DELIVERY_TIMEOUT_NANOS)
                        + " s");
            }
            Thread.sleep(20);
        }
        // Give pools a moment to finish the work of the last deliveries before counting.
        Thread.sleep(SETTLE_MILLIS);
        long heapSubscribed = settledHeap();
        int threadsSubscribed = threads();
        ChildProcess.report(
                "result",
                threadsAtStart,
                threadsConnected,
                threadsSubscribed,
                heapAtStart,
                heapConnected,
                heapSubscribed,
                latest.size());
        System.exit(0);
    }

    private static int threads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    /**
     * Used heap once it no longer changes between readings a second apart: nacos-client may still be writing its disk
     * cache of a large push (several MiB of JSON) for a while after the listener got the list.
     */
    private static long settledHeap() throws InterruptedException {
        long previous = usedHeapAfterGc();
        for (int i = 0; i < SETTLE_READINGS; i++) {
            Thread.sleep(1000);
            long used = usedHeapAfterGc();
            if (Math.abs(used - previous) <= previous / 100) {
                return used;
            }
            previous = used;
        }
        return previous;
    }

    /** Used heap after full collections, until it stops shrinking: an approximation of the live set. */
    private static long usedHeapAfterGc() throws InterruptedException {
        long previous = Long.MAX_VALUE;
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            Thread.sleep(50);
            used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            if (i >= 2 && used >= previous - 16 * 1024) {
                break;
            }
            previous = used;
        }
        return used;
    }
}
