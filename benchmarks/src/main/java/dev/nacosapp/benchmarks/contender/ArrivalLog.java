package dev.nacosapp.benchmarks.contender;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Every list one contender delivered for one application, as arrival time and the set of {@code host:port}s, in
 * arrival order. The harness marks a position before it acts and then waits for the first arrival after the mark that
 * shows the effect. Thread-safe.
 */
public final class ArrivalLog implements Sink {
    /** One delivered list. */
    public record Arrival(long nanos, Set<String> addresses) {}

    private final ContenderKind kind;
    private final List<Arrival> arrivals = new ArrayList<>();

    public ArrivalLog(ContenderKind kind) {
        this.kind = kind;
    }

    public ContenderKind kind() {
        return kind;
    }

    @Override
    public void delivered(long arrivalNanos, List<?> instances) {
        record(arrivalNanos, Addresses.of(instances));
    }

    /** Records a delivery of the given addresses. */
    public void record(long arrivalNanos, Set<String> addresses) {
        Arrival arrival = new Arrival(arrivalNanos, Set.copyOf(addresses));
        synchronized (this) {
            arrivals.add(arrival);
            notifyAll();
        }
    }

    /** The position to pass to {@link #await} for arrivals from now on. */
    public synchronized int mark() {
        return arrivals.size();
    }

    /** What the last delivered list held; empty before the first delivery. */
    public synchronized Set<String> current() {
        return arrivals.isEmpty() ? Set.of() : arrivals.get(arrivals.size() - 1).addresses();
    }

    /** Arrivals at or after {@code mark}, oldest first. */
    public synchronized List<Arrival> since(int mark) {
        return List.copyOf(arrivals.subList(Math.min(mark, arrivals.size()), arrivals.size()));
    }

    /** The first arrival at or after {@code mark} whose addresses satisfy {@code condition}, waiting up to timeout. */
    public synchronized Optional<Arrival> await(int mark, Predicate<Set<String>> condition, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int next = mark;
        while (true) {
            for (; next < arrivals.size(); next++) {
                if (condition.test(arrivals.get(next).addresses())) {
                    return Optional.of(arrivals.get(next));
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** Waits until the last delivered list satisfies {@code condition}. */
    public synchronized boolean awaitCurrent(Predicate<Set<String>> condition, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.test(current())) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}
