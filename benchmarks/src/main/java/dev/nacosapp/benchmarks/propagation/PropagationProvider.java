package dev.nacosapp.benchmarks.propagation;

import com.alibaba.nacos.api.naming.NamingFactory;
import com.alibaba.nacos.api.naming.NamingService;
import com.alibaba.nacos.api.naming.pojo.Instance;
import dev.nacosapp.benchmarks.child.ChildProcess;
import dev.nacosapp.benchmarks.fixture.Instances;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Child JVM of the propagation figure: one provider instance registered and deregistered with a raw nacos-client, so
 * the registration path is the same whichever consumer is measured. Arguments: server address, application, port.
 *
 * <p>Commands on stdin: {@code clock} (answers {@code clock <nanoTime>}, to check that the clocks of both JVMs agree),
 * {@code register} and {@code deregister} (answer {@code done <nanoTime just before the call> <nanoTime after it>}).
 * Exits at the end of stdin, or dies by SIGKILL when the harness measures a killed provider.
 */
public final class PropagationProvider {
    private static final String WARM_UP_SERVICE = "bench-propagation-warm-up";
    private static final int WARM_UP_CALLS = 5;

    private PropagationProvider() {}

    public static void main(String[] args) throws Exception {
        String serverAddr = args[0];
        String application = args[1];
        int port = Integer.parseInt(args[2]);
        Properties properties = new Properties();
        properties.setProperty("serverAddr", serverAddr);
        NamingService naming = NamingFactory.createNamingService(properties);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!"UP".equals(naming.getServerStatus())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("No Nacos server answered at " + serverAddr);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        Instance instance = Instances.provider(port, port);
        // A fresh JVM's first nacos-client calls load and compile their request path; do that on another service, so
        // the measured calls cost what they cost in a running provider.
        for (int i = 0; i < WARM_UP_CALLS; i++) {
            naming.registerInstance(WARM_UP_SERVICE, instance);
            naming.deregisterInstance(WARM_UP_SERVICE, instance);
        }
        ChildProcess.serve(Map.of(
                "register",
                        words -> {
                            long start = System.nanoTime();
                            naming.registerInstance(application, instance);
                            ChildProcess.report("done", start, System.nanoTime());
                        },
                "deregister",
                        words -> {
                            long start = System.nanoTime();
                            naming.deregisterInstance(application, instance);
                            ChildProcess.report("done", start, System.nanoTime());
                        }));
        naming.shutDown();
    }
}
