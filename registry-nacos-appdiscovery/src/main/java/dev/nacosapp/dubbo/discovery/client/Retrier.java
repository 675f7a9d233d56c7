package dev.nacosapp.dubbo.discovery.client;

import static org.apache.dubbo.common.constants.LoggerCodeConstants.REGISTRY_NACOS_EXCEPTION;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.dubbo.common.logger.ErrorTypeAwareLogger;
import org.apache.dubbo.common.logger.LoggerFactory;

/**
 * Repeats a failed registration or subscription in the background until it succeeds or is no longer wanted, waiting
 * 500 ms, then twice as long each time, up to a maximum. Thread-safe; runs on one shared scheduler thread.
 */
public final class Retrier {
    private static final ErrorTypeAwareLogger LOGGER = LoggerFactory.getErrorTypeAwareLogger(Retrier.class);
    private static final long FIRST_DELAY_MILLIS = 500;
    /** After this many failures only every 10th is logged, so a long outage does not flood the log. */
    private static final int LOUD_ATTEMPTS = 3;

    /** One attempt: returns normally when done or no longer wanted, throws to be retried. */
    public interface Attempt {
        void run() throws Exception;
    }

    private final ScheduledExecutorService scheduler;

    public Retrier(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    /** Schedules {@code attempt} after the first delay, and again after each failure. */
    public void retry(String what, long maxDelayMillis, Attempt attempt) {
        schedule(new Task(what, maxDelayMillis, attempt), FIRST_DELAY_MILLIS);
    }

    private void schedule(Task task, long delayMillis) {
        if (scheduler.isShutdown()) {
            return;
        }
        scheduler.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
    }

    private final class Task implements Runnable {
        private final String what;
        private final long maxDelayMillis;
        private final Attempt attempt;
        private long delayMillis = FIRST_DELAY_MILLIS;
        private int failures;

        Task(String what, long maxDelayMillis, Attempt attempt) {
            this.what = what;
            this.maxDelayMillis = maxDelayMillis;
            this.attempt = attempt;
        }

        @Override
        public void run() {
            try {
                attempt.run();
                if (failures > 0) {
                    LOGGER.info("nacos-app: " + what + " succeeded after " + (failures + 1) + " attempts");
                }
            } catch (Exception e) {
                failures++;
                delayMillis = Math.min(delayMillis * 2, Math.max(maxDelayMillis, FIRST_DELAY_MILLIS));
                if (failures <= LOUD_ATTEMPTS || failures % 10 == 0) {
                    LOGGER.warn(
                            REGISTRY_NACOS_EXCEPTION,
                            "Nacos unreachable or refusing",
                            "",
                            "nacos-app: " + what + " failed (attempt " + failures + "), retrying in " + delayMillis
                                    + " ms: " + e.getMessage());
                }
                schedule(this, delayMillis);
            }
        }
    }
}
