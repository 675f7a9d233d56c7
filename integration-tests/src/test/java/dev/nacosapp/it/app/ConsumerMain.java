package dev.nacosapp.it.app;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The main class of a consumer JVM started by a test, for a consumer whose JVM-wide settings must differ from the test
 * JVM's (Dubbo's built-in discovery, with every network card ignored so that it calls loopback). Arguments: the
 * registry address, the provider application, the number of calls and, optionally, how many seconds to wait for a
 * first answer (60 unless given). Refers to {@link EchoService} without {@code providedBy}, waits for the first
 * answer, makes the calls and prints one {@link #RESULT} line (and a {@link #FIRST_FAILURE} line when a call failed),
 * then exits with status 0, also when no provider ever answered.
 */
public final class ConsumerMain {

    /** The start of the line with the outcome: {@code answers={name=count} failures=n caller=host}. */
    public static final String RESULT = "IT-CONSUMER RESULT ";

    /** The start of the line with the message of the first failed call, when one failed. */
    public static final String FIRST_FAILURE = "IT-CONSUMER FIRST FAILURE ";

    private ConsumerMain() {}

    public static void main(String[] args) {
        String address = args[0];
        String providerApplication = args[1];
        int calls = Integer.parseInt(args[2]);
        Duration firstAnswer = Duration.ofSeconds(args.length > 3 ? Long.parseLong(args[3]) : 60);
        try (Consumer consumer =
                Consumer.of(address, providerApplication).withoutProvidedBy().start()) {
            boolean answered;
            try {
                await().atMost(firstAnswer).ignoreExceptions().until(() -> consumer.whoAmI() != null);
                answered = true;
            } catch (ConditionTimeoutException e) {
                answered = false;
            }
            Consumer.Calls outcome = consumer.calls(calls);
            System.out.println(RESULT + "answers=" + outcome.answers() + " failures="
                    + outcome.failures().size() + " caller=" + (answered ? consumer.callerHost() : "none"));
            if (!outcome.failures().isEmpty()) {
                System.out.println(FIRST_FAILURE + outcome.failures().get(0).replace('\n', ' '));
            }
            System.out.flush();
        }
        System.exit(0);
    }
}
