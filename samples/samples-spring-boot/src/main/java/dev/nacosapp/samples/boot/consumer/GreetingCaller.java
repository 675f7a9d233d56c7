package dev.nacosapp.samples.boot.consumer;

import dev.nacosapp.samples.api.Greeting;
import dev.nacosapp.samples.api.GreetingService;
import org.apache.dubbo.config.annotation.DubboReference;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.stereotype.Component;

/**
 * Makes {@code samples.calls} calls at start-up and prints one line per call: which provider answered and the address
 * it is registered under. The application exits with 1 when a call failed. Runs once, on the main thread.
 */
@Component
public class GreetingCaller implements CommandLineRunner, ExitCodeGenerator {

    // No providedBy: nacos-app is also Dubbo's metadata center, so Dubbo finds the application that provides the
    // interface through the mapping the providers wrote to Nacos. The registry parameters (application-consumer.yml)
    // choose the instances. check=true (the default) makes start-up fail at once, naming the service, when no provider
    // instance is registered.
    @DubboReference(loadbalance = "roundrobin", timeout = 3000)
    private GreetingService greetings;

    private final int calls;
    private int failed;

    public GreetingCaller(@Value("${samples.calls:10}") int calls) {
        this.calls = calls;
    }

    @Override
    public void run(String... args) {
        for (int number = 1; number <= calls; number++) {
            try {
                Greeting greeting = greetings.greet("call " + number);
                System.out.println("call " + number + " -> answered by " + greeting.getProvider() + " ("
                        + greeting.getAddress() + ") from " + greeting.getCaller());
            } catch (RuntimeException e) {
                failed++;
                System.out.println("call " + number + " -> failed: " + e);
            }
        }
    }

    @Override
    public int getExitCode() {
        return failed == 0 ? 0 : 1;
    }
}
