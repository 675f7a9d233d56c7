package dev.nacosapp.it.app;

import static org.awaitility.Awaitility.await;

import dev.nacosapp.it.support.Consumer;
import java.time.Duration;

/**
 * The main class of a consumer JVM started by a test, for a consumer whose JVM-wide settings must differ from the test
 * JVM's (Dubbo's built-in discovery, with every network card ignored so that it calls loopback). Arguments: the
 * registry address, the provider application, the number of calls. Refers to {@link EchoService} without
 * {@code providedBy}, waits up to a minute for the first answer, makes the calls and prints one
 * {@link #RESULT} line, then exits with status 0.
 */
public final class ConsumerMain {

    /** The start of the line with the outcome: {@code answers={name=count} failures=n caller=host}. */
    public static final String RESULT = "IT-CONSUMER RESULT ";

    private ConsumerMain() {}

    public static void main(String[] args) {
        String address = args[0];
        String providerApplication = args[1];
        int calls = Integer.parseInt(args[2]);
        try (Consumer consumer = Consumer.address(address, providerApplication)
                .withoutProvidedBy()
                .start()) {
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> consumer.whoAmI() != null);
            Consumer.Calls outcome = consumer.calls(calls);
            System.out.println(RESULT + "answers=" + outcome.answers() + " failures="
                    + outcome.failures().size() + " caller=" + consumer.callerHost());
            System.out.flush();
        }
        System.exit(0);
    }
}
