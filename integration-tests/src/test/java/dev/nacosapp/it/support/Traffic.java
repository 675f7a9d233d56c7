package dev.nacosapp.it.support;

import dev.nacosapp.dubbo.discovery.WatchStats;
import dev.nacosapp.it.app.Consumer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Steady background calls from a consumer, recorded with their time, their outcome and what the consumer's nacos-app
 * subscription held just before, so that a test can change the world (stop a provider, restart Nacos) and then check
 * what every call in the meantime gave. Thread-safe.
 */
public final class Traffic implements AutoCloseable {

    private final Consumer consumer;

    private final ScheduledExecutorService caller;

    private final List<Call> calls = new CopyOnWriteArrayList<>();

    private Traffic(Consumer consumer) {
        this.consumer = consumer;
        this.caller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "it-traffic");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts calling.
     *
     * @param consumer who calls
     * @param interval time between the starts of two calls
     * @return the running traffic
     */
    public static Traffic start(Consumer consumer, Duration interval) {
        Traffic traffic = new Traffic(consumer);
        traffic.caller.scheduleAtFixedRate(traffic::callOnce, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return traffic;
    }

    private void callOnce() {
        long at = System.currentTimeMillis();
        WatchStats watch = consumer.watch().orElse(null);
        try {
            calls.add(new Call(at, consumer.whoAmI(), null, watch));
        } catch (RuntimeException e) {
            calls.add(new Call(at, null, String.valueOf(e.getMessage()), watch));
        }
    }

    /**
     * Returns every call made so far.
     *
     * @return the calls, oldest first
     */
    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /**
     * Returns the calls started at or after a time.
     *
     * @param millis wall-clock time
     * @return the calls
     */
    public List<Call> since(long millis) {
        return calls.stream().filter(c -> c.atMillis() >= millis).toList();
    }

    /**
     * Returns the failed calls.
     *
     * @return the calls that threw
     */
    public List<Call> failures() {
        return calls.stream().filter(Predicate.not(Call::succeeded)).toList();
    }

    /**
     * Counts who answered the calls started at or after a time.
     *
     * @param millis wall-clock time
     * @return per provider name, the number of calls
     */
    public Map<String, Long> answersSince(long millis) {
        return since(millis).stream()
                .filter(Call::succeeded)
                .collect(Collectors.groupingBy(Call::answer, Collectors.counting()));
    }

    /** Stops calling and waits for the call in progress. */
    @Override
    public void close() {
        caller.shutdown();
        try {
            caller.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * One call.
     *
     * @param atMillis when it started
     * @param answer the provider that answered, or null
     * @param failure the error message, or null
     * @param watch what the consumer's nacos-app subscription to the provider application held just before the call,
     *     or null when it has none (a built-in consumer, or before the subscription exists)
     */
    public record Call(long atMillis, String answer, String failure, WatchStats watch) {

        public boolean succeeded() {
            return failure == null;
        }
    }
}
