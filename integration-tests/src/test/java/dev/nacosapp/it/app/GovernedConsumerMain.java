package dev.nacosapp.it.app;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The main class of a long-running consumer JVM that a test governs through rules in Nacos config. Arguments: the
 * registry address, the provider application and the consumer's own application name (the rules' key). Calls
 * {@link EchoService} every 100 ms until the JVM is stopped and prints one {@link #STATE} line each time the outcome
 * changes: {@code answering <provider>} or {@code failing <message>} (a new message is a new outcome, so that the last
 * line tells why calls fail now, not why the first of them failed).
 */
public final class GovernedConsumerMain {

    /** The start of a line that tells a new outcome. */
    public static final String STATE = "IT-GOVERNED ";

    private GovernedConsumerMain() {}

    public static void main(String[] args) throws InterruptedException {
        Consumer consumer =
                Consumer.of(args[0], args[1]).application(args[2]).retries(0).start();
        AtomicReference<String> last = new AtomicReference<>("");
        ScheduledExecutorService calls = Executors.newSingleThreadScheduledExecutor();
        calls.scheduleWithFixedDelay(
                () -> {
                    String state;
                    try {
                        state = "answering " + consumer.whoAmI();
                    } catch (RuntimeException e) {
                        state = "failing " + String.valueOf(e.getMessage()).replace('\n', ' ');
                    }
                    if (!last.getAndSet(state).equals(state)) {
                        System.out.println(STATE + state);
                        System.out.flush();
                    }
                },
                0,
                100,
                TimeUnit.MILLISECONDS);
        // Runs until the test stops the JVM.
        new CountDownLatch(1).await();
    }
}
