package dev.nacosapp.it.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * The main class of a provider JVM started by a test: reads the {@link ProviderSpec}s from the properties file named
 * by the first argument, starts them and prints {@link #READY} on stdout, or {@link #FAILED} with the cause chain and
 * exits with status 2. Then runs until the JVM is stopped; on SIGTERM Dubbo's shutdown hook deregisters the
 * instances, SIGKILL leaves that to Nacos noticing the lost connection.
 */
public final class ProviderMain {

    /** The line printed once every provider has started. */
    public static final String READY = "IT-PROVIDER READY";

    /** The start of each line that says what Dubbo built for a provider application ({@link ProviderApp#wiring()}). */
    public static final String WIRING = "IT-PROVIDER WIRING ";

    /** The start of the line printed when startup failed, followed by the cause chain. */
    public static final String FAILED = "IT-PROVIDER FAILED: ";

    private ProviderMain() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
            properties.load(in);
        }
        List<ProviderSpec> specs = ProviderSpec.fromProperties(properties);
        ProviderApp app;
        try {
            app = ProviderApp.start(specs);
        } catch (RuntimeException | Error e) {
            System.out.println(FAILED + causeChain(e));
            e.printStackTrace(System.out);
            System.out.flush();
            System.exit(2);
            return;
        }
        app.wiring().forEach(line -> System.out.println(WIRING + line));
        System.out.println(READY + " " + specs);
        System.out.flush();
        new CountDownLatch(1).await();
    }

    /**
     * Joins the messages of an exception and its causes into one line.
     *
     * @param error the exception
     * @return {@code Type: message <- Type: message ...}
     */
    public static String causeChain(Throwable error) {
        StringBuilder chain = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (chain.length() > 0) {
                chain.append(" <- ");
            }
            chain.append(t.getClass().getName())
                    .append(": ")
                    .append(String.valueOf(t.getMessage()).replace('\n', ' '));
        }
        return chain.toString();
    }
}
