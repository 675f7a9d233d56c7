package dev.nacosapp.testkit.process;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/**
 * The JVM {@link ChildJvmTest} starts: prints its arguments and a line on stderr, echoes stdin lines on stdout, and
 * says on stderr when its shutdown hook runs. With the argument {@code stubborn} its shutdown hook never returns, as a
 * child stuck in shutdown would.
 */
public final class ChildMain {
    private ChildMain() {}

    public static void main(String[] args) throws Exception {
        boolean stubborn = args.length > 0 && args[0].equals("stubborn");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("shutdown hook ran");
            System.err.flush();
            if (stubborn) {
                awaitForever();
            }
        }));
        System.out.println("args " + String.join(" ", args) + " greeting=" + System.getProperty("greeting") + " colour="
                + System.getenv("CHILD_COLOUR") + " has-path=" + (System.getenv("PATH") != null));
        System.out.flush();
        System.err.println("on stderr");
        System.err.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            System.out.println("echo " + line);
            System.out.flush();
        }
        awaitForever();
    }

    private static void awaitForever() {
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
