package dev.nacosapp.dubbo27;

import static org.awaitility.Awaitility.await;

import dev.nacosapp.it.app.EchoService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.dubbo.config.ApplicationConfig;
import org.apache.dubbo.config.ReferenceConfig;
import org.apache.dubbo.config.RegistryConfig;
import org.apache.dubbo.config.bootstrap.DubboBootstrap;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The main class of a Dubbo 2.7 consumer JVM started by an end-to-end test: a plain Dubbo 2.7 application that refers
 * to {@link EchoService} through one registry address (Dubbo's built-in {@code nacos://}, which reads the interface
 * level only), waits for a first answer, makes its calls and prints the outcome in the same lines as the tests' Dubbo 3
 * consumer JVM ({@code IT-CONSUMER RESULT answers={name=count} failures=n caller=host}, then {@code IT-CONSUMER FIRST
 * FAILURE message} when a call failed). It exits with status 0, also when no provider ever answered. Arguments: the
 * registry address, the number of calls and how many seconds to wait for a first answer.
 */
public final class Dubbo27ConsumerMain {

    private static final String RESULT = "IT-CONSUMER RESULT ";

    private static final String FIRST_FAILURE = "IT-CONSUMER FIRST FAILURE ";

    private Dubbo27ConsumerMain() {}

    public static void main(String[] args) {
        String address = args[0];
        int calls = Integer.parseInt(args[1]);
        Duration firstAnswer = Duration.ofSeconds(Long.parseLong(args[2]));

        ApplicationConfig application = new ApplicationConfig("dubbo27-consumer");
        application.setQosEnable(false);
        ReferenceConfig<EchoService> reference = new ReferenceConfig<>();
        reference.setInterface(EchoService.class);
        // Starts before a provider is known, as the tests' other consumers do; the calls then show what it found.
        reference.setCheck(false);
        reference.setTimeout(3000);
        DubboBootstrap bootstrap = DubboBootstrap.getInstance()
                .application(application)
                .registry(new RegistryConfig(address))
                .reference(reference)
                .start();
        EchoService echo = reference.get();

        String caller;
        try {
            caller = await().atMost(firstAnswer).ignoreExceptions().until(echo::callerHost, host -> host != null);
        } catch (ConditionTimeoutException e) {
            caller = "none";
        }
        Map<String, Integer> answers = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            try {
                answers.merge(echo.whoAmI(), 1, Integer::sum);
            } catch (RuntimeException e) {
                failures.add(String.valueOf(e.getMessage()));
            }
        }
        System.out.println(RESULT + "answers=" + answers + " failures=" + failures.size() + " caller=" + caller);
        if (!failures.isEmpty()) {
            System.out.println(FIRST_FAILURE + failures.get(0).replace('\n', ' '));
        }
        System.out.flush();
        bootstrap.stop();
        System.exit(0);
    }
}
