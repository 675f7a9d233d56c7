package dev.nacosapp.benchmarks.reconciliation;

import java.util.Locale;

/**
 * What one consumer did in one measured window. Immutable.
 *
 * @param seconds the window as the harness timed it, between its query counts
 * @param queries queries of the consumer's applications the server answered in it; -1 when not counted
 * @param cpuMillis the consumer process's CPU time in it
 * @param childMillis the window as the consumer timed it, between its CPU readings
 * @param threadsEnd live threads at its end
 * @param threadsPeak the most live threads in it
 * @param reconcileThreads {@code nacos-app-reconcile-*} threads at its end
 * @param notifyThreads {@code nacos-app-notify-*} threads at its end
 * @param reconcileThreadCpuMillis CPU time of the reconcile threads in it
 * @param listed applications whose list holds every instance at its end
 * @param jitMillis time the JIT compilers spent in it (elapsed, as the JVM counts it)
 * @param gcMillis time the collector spent in it
 * @param javaThreadCpuMillis CPU time of the Java threads alive at its end, in it: the process's without the JIT
 *     compiler's, the collector's and the JVM's other internal threads'
 */
record Window(
        double seconds,
        long queries,
        double cpuMillis,
        double childMillis,
        int threadsEnd,
        int threadsPeak,
        int reconcileThreads,
        int notifyThreads,
        double reconcileThreadCpuMillis,
        int listed,
        long jitMillis,
        long gcMillis,
        double javaThreadCpuMillis) {

    /** Parses a probe's {@code result} line (see {@link ReconciliationProbe}). */
    static Window of(String[] v, double seconds, long queries) {
        return new Window(
                seconds,
                queries,
                Long.parseLong(v[0]) / 1e6,
                Long.parseLong(v[1]) / 1e6,
                Integer.parseInt(v[2]),
                Integer.parseInt(v[3]),
                Integer.parseInt(v[4]),
                Integer.parseInt(v[5]),
                Long.parseLong(v[6]) / 1e6,
                Integer.parseInt(v[7]),
                Long.parseLong(v[8]),
                Long.parseLong(v[9]),
                Long.parseLong(v[10]) / 1e6);
    }

    /** A time spent in the window, scaled to one minute. */
    double perMinute(double millis) {
        return millis * 60_000 / childMillis;
    }

    double queriesPerSecond() {
        return queries < 0 ? Double.NaN : queries / seconds;
    }

    static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
