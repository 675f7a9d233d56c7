package dev.nacosapp.samples.plain;

import dev.nacosapp.samples.api.Greeting;
import dev.nacosapp.samples.api.GreetingService;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntPredicate;
import org.apache.dubbo.config.ReferenceConfig;
import org.apache.dubbo.rpc.Invoker;
import org.apache.dubbo.rpc.cluster.ClusterInvoker;
import org.apache.dubbo.rpc.cluster.Directory;

/**
 * Calls {@link GreetingService} through a started reference and prints one line per call naming the provider that
 * answered and the address it is registered under. Also tells how many provider instances the reference currently sees. Used
 * from one thread at a time.
 */
final class GreetingClient {
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final ReferenceConfig<GreetingService> reference;
    private final GreetingService greetings;
    private final PrintStream out;
    private int calls;

    GreetingClient(ReferenceConfig<GreetingService> reference, PrintStream out) {
        this.reference = reference;
        this.greetings = reference.get();
        this.out = out;
    }

    /** Makes {@code count} calls; returns how many failed. */
    int call(int count) {
        int failed = 0;
        for (int i = 0; i < count; i++) {
            int number = ++calls;
            try {
                Greeting greeting = greetings.greet("call " + number);
                out.println("call " + number + " -> answered by " + greeting.getProvider() + " ("
                        + greeting.getAddress() + ") from " + greeting.getCaller());
            } catch (RuntimeException e) {
                failed++;
                out.println("call " + number + " -> failed: " + e.getClass().getSimpleName() + ": " + firstLine(e));
            }
        }
        return failed;
    }

    /** Waits until the number of providers the reference sees passes {@code until}; returns the number at the end. */
    int awaitProviders(IntPredicate until, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = providersSeen();
        while (!until.test(seen) && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(POLL_NANOS);
            seen = providersSeen();
        }
        return seen;
    }

    /** The provider instances the reference would choose from now. */
    int providersSeen() {
        Invoker<?> invoker = reference.getInvoker();
        if (!(invoker instanceof ClusterInvoker)) {
            return 0;
        }
        Directory<?> directory = ((ClusterInvoker<?>) invoker).getDirectory();
        return directory == null ? 0 : directory.getAllInvokers().size();
    }

    private static String firstLine(Throwable e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
