package dev.nacosapp.benchmarks.conversion;

import com.alibaba.nacos.api.naming.listener.EventListener;
import com.alibaba.nacos.api.naming.listener.NamingEvent;
import com.alibaba.nacos.api.naming.pojo.Instance;
import dev.nacosapp.benchmarks.fixture.Instances;
import dev.nacosapp.dubbo.discovery.internal.watch.SameThreadWatch;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.dubbo.common.URL;
import org.apache.dubbo.registry.client.ServiceInstance;
import org.apache.dubbo.registry.client.event.ServiceInstancesChangedEvent;
import org.apache.dubbo.registry.nacos.util.NacosNamingServiceUtils;
import org.apache.dubbo.rpc.model.ApplicationModel;
import org.apache.dubbo.rpc.model.FrameworkModel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Conversion cost: one Nacos push of N provider instances with realistic Dubbo metadata, from the nacos-client
 * callback to a Dubbo listener holding {@code ServiceInstance}s, on one thread. Each contender runs exactly the code
 * that its Nacos callback runs:
 *
 * <ul>
 *   <li>raw: the callback itself, which hands the list on (the floor);
 *   <li>built-in: what {@code NacosServiceDiscovery.NacosEventListener#onEvent} does for one listener in Dubbo 3.3.6:
 *       {@code NacosNamingServiceUtils.toServiceInstance} for every instance, then {@code listener.onEvent};
 *   <li>nacos-app: {@code AppWatch#onEvent} with a same-thread {@code NotificationDispatcher}, so the filter,
 *       empty-push check, {@code InstanceMapper} conversion and delivery run inside the measured call.
 * </ul>
 *
 * <p>The instances have non-loopback addresses, as in production: nacos-app rewrites loopback hosts for Dubbo, an extra
 * step a real deployment never takes. Run through {@link ConversionRunner} with JMH's GC profiler; the report divides
 * by N.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ConversionBenchmark {
    static final String APPLICATION = "bench-conversion";

    @Param({"1000", "10000"})
    public int instances;

    private FrameworkModel framework;
    private NamingEvent push;
    private RawListener raw;
    private URL builtInUrl;
    private KeepingListener builtInListener;
    private java.util.function.Supplier<SameThreadWatch> newWatch;

    private SameThreadWatch newWatch() {
        return newWatch.get();
    }

    private KeepingListener nacosAppListener;

    @Setup(Level.Trial)
    public void setUp() {
        framework = new FrameworkModel();
        ApplicationModel application = framework.newApplication();
        List<Instance> pushed = Instances.pushed(APPLICATION, instances);
        push = new NamingEvent(APPLICATION, "DEFAULT_GROUP", "", pushed);

        raw = new RawListener();

        builtInUrl = URL.valueOf("nacos://127.0.0.1:8848?registry-type=service").setScopeModel(application);
        builtInListener = new KeepingListener(APPLICATION);

        URL nacosAppUrl = URL.valueOf("nacos-app://127.0.0.1:8848?registry-type=service");
        SameThreadWatch.Factory watches = SameThreadWatch.factory(nacosAppUrl, application);
        newWatch = () -> watches.create(APPLICATION);
        nacosAppListener = new KeepingListener(APPLICATION);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        framework.destroy();
    }

    @Benchmark
    public Object raw() {
        raw.onEvent(push);
        return raw.last;
    }

    @Benchmark
    public Object builtIn() {
        List<ServiceInstance> converted = push.getInstances().stream()
                .map(instance -> NacosNamingServiceUtils.toServiceInstance(builtInUrl, instance))
                .collect(Collectors.toList());
        builtInListener.onEvent(new ServiceInstancesChangedEvent(push.getServiceName(), converted));
        return builtInListener.last;
    }

    /**
     * A watch of its own for every push, so the whole list is converted each time: the same push again would reach
     * Dubbo as the same objects (see {@code IncrementalPushBenchmark} for pushes that change some instances).
     */
    @Benchmark
    public Object nacosApp() {
        SameThreadWatch fresh = newWatch();
        fresh.addListener(nacosAppListener);
        fresh.onEvent(push);
        // Nothing to release with a same-thread dispatcher, but a watch is closed after use as in the library.
        fresh.close();
        return nacosAppListener.last;
    }

    /** A bare nacos-client callback that keeps the pushed list. */
    static final class RawListener implements EventListener {
        volatile List<Instance> last;

        @Override
        public void onEvent(com.alibaba.nacos.api.naming.listener.Event event) {
            last = ((NamingEvent) event).getInstances();
        }
    }
}
