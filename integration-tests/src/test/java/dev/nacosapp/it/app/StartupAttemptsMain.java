package dev.nacosapp.it.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The main class of a JVM that tries several provider startups one after another, for tests that look at what every
 * startup path logs and throws, whether it succeeds or fails. Reads the {@link ProviderSpec}s from the properties
 * file named by the first argument and starts each in a framework of its own, printing {@link #STARTED} or
 * {@link #FAILED} with the cause chain, then the stack trace. Started providers keep running until every attempt is
 * done; then all are stopped, {@link #DONE} is printed and the JVM exits with status 0. One JVM for many failing
 * startups saves the start of a JVM per attempt.
 */
public final class StartupAttemptsMain {

    /** The start of the line printed when a provider started, followed by its name. */
    public static final String STARTED = "IT-ATTEMPT STARTED ";

    /** The start of the line printed when a provider failed to start: its name, ": ", the cause chain. */
    public static final String FAILED = "IT-ATTEMPT FAILED ";

    /** The line printed once every attempt is done and the started providers are stopped. */
    public static final String DONE = "IT-ATTEMPTS DONE";

    private StartupAttemptsMain() {}

    public static void main(String[] args) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
            properties.load(in);
        }
        List<ProviderApp> started = new ArrayList<>();
        for (ProviderSpec spec : ProviderSpec.fromProperties(properties)) {
            try {
                started.add(ProviderApp.start(spec));
                System.out.println(STARTED + spec.name());
            } catch (RuntimeException | Error e) {
                System.out.println(FAILED + spec.name() + ": " + ProviderMain.causeChain(e));
                e.printStackTrace(System.out);
            }
            System.out.flush();
        }
        for (ProviderApp app : started) {
            app.close();
        }
        System.out.println(DONE);
        System.out.flush();
        System.exit(0);
    }
}
