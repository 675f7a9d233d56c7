package dev.nacosapp.dubbo.discovery.internal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RetrierTest {
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final Retrier retrier = new Retrier(scheduler);

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void aRetryFiresAsSoonAsTheConnectionIsBackNotAtItsBackOffSlot() {
        AtomicBoolean connected = new AtomicBoolean(true);
        AtomicInteger askedWhileDown = new AtomicInteger();
        AtomicInteger attempts = new AtomicInteger();
        retrier.retry(
                "registration",
                Duration.ofMinutes(10).toMillis(),
                () -> true,
                () -> {
                    if (!connected.get()) {
                        askedWhileDown.incrementAndGet();
                    }
                    return connected.get();
                },
                () -> {
                    if (attempts.incrementAndGet() <= 4) {
                        throw new IllegalStateException("refused");
                    }
                });
        // Four refusals while connected: the back-off has grown to 8 s.
        await().atMost(Duration.ofSeconds(30)).until(() -> attempts.get() == 4);

        connected.set(false);
        await().atMost(Duration.ofSeconds(10)).until(() -> askedWhileDown.get() > 0);
        connected.set(true);

        await().atMost(Duration.ofSeconds(4))
                .alias("retried on reconnection, well before the 8 s back-off slot")
                .until(() -> attempts.get() == 5);
    }

    @Test
    void countsTheRetriesPendingUntilEachSucceedsOrIsNoLongerWanted() {
        AtomicBoolean connected = new AtomicBoolean(false);
        AtomicBoolean wanted = new AtomicBoolean(true);
        retrier.retry("registration", 1000, () -> true, connected::get, () -> {});
        retrier.retry("subscription", 1000, wanted::get, connected::get, () -> {});

        assertThat(retrier.pending()).isEqualTo(2);
        wanted.set(false);
        await().atMost(Duration.ofSeconds(10)).until(() -> retrier.pending() == 1);
        connected.set(true);
        await().atMost(Duration.ofSeconds(10)).until(() -> retrier.pending() == 0);
    }

    @Test
    void nothingIsAttemptedWhileTheServerIsAway() {
        AtomicBoolean connected = new AtomicBoolean(false);
        AtomicInteger askedWhileDown = new AtomicInteger();
        AtomicInteger attempts = new AtomicInteger();
        retrier.retry(
                "subscription",
                1000,
                () -> true,
                () -> {
                    askedWhileDown.incrementAndGet();
                    return connected.get();
                },
                attempts::incrementAndGet);

        await().atMost(Duration.ofSeconds(10)).until(() -> askedWhileDown.get() >= 3);
        assertThat(attempts).hasValue(0);
        connected.set(true);
        await().atMost(Duration.ofSeconds(10)).until(() -> attempts.get() == 1);
    }

    @Test
    void aRetryNoLongerWantedEndsWithoutAnotherAttemptEvenWhileTheServerIsAway() {
        AtomicBoolean wanted = new AtomicBoolean(true);
        AtomicInteger looks = new AtomicInteger();
        AtomicInteger attempts = new AtomicInteger();
        retrier.retry("registration", 1000, wanted::get, () -> looks.incrementAndGet() < 0, attempts::incrementAndGet);
        await().atMost(Duration.ofSeconds(10)).until(() -> looks.get() >= 2);

        wanted.set(false);

        int seen = looks.get();
        await().atMost(Duration.ofSeconds(10)).during(Duration.ofSeconds(1)).until(() -> looks.get() <= seen + 1);
        assertThat(attempts).hasValue(0);
    }

    @Test
    void aRetryAskedForWhileShuttingDownIsDroppedQuietly() {
        scheduler.shutdown();

        assertThatCode(() -> retrier.retry("registration", 1000, () -> true, () -> true, () -> {}))
                .doesNotThrowAnyException();
    }
}
