package dev.nacosapp.it.support;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/** Awaitility with the generous time-outs end-to-end tests need on a busy 2-core CI machine. */
public final class Waits {

    /** Long enough for a provider JVM to start or a real Nacos to push, even on a loaded machine. */
    public static final Duration DEFAULT = Duration.ofSeconds(60);

    private Waits() {}

    /**
     * Waits up to {@link #DEFAULT}, checking every 100 ms.
     *
     * @return the condition factory
     */
    public static ConditionFactory eventually() {
        return within(DEFAULT);
    }

    /**
     * Waits up to the given time, checking every 100 ms.
     *
     * @param timeout how long to wait
     * @return the condition factory
     */
    public static ConditionFactory within(Duration timeout) {
        return Awaitility.await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100));
    }
}
