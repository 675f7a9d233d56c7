package dev.nacosapp.benchmarks.incremental;

import com.alibaba.nacos.api.naming.listener.NamingEvent;
import com.alibaba.nacos.api.naming.pojo.Instance;
import dev.nacosapp.dubbo.discovery.internal.watch.SameThreadWatch;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.dubbo.common.URL;
import org.apache.dubbo.config.ApplicationConfig;
import org.apache.dubbo.metadata.MetadataInfo;
import org.apache.dubbo.registry.NotifyListener;
import org.apache.dubbo.registry.client.ServiceInstance;
import org.apache.dubbo.registry.client.event.ServiceInstancesChangedEvent;
import org.apache.dubbo.registry.client.event.listener.ServiceInstancesChangedListener;
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
 * A stream of pushes of one application of N instances, each changing {@code changed} of them (1, 100 or all), on
 * one thread, per push:
 *
 * <ul>
 *   <li>{@code builtIn} / {@code nacosApp}: from the nacos-client callback to a Dubbo listener that only keeps the
 *       list (what the built-in's {@code NacosEventListener#onEvent} does; nacos-app's {@code AppWatch} with a
 *       same-thread dispatcher);
 *   <li>{@code builtInInConsumer} / {@code nacosAppInConsumer}: the same, delivered to a real Dubbo 3.3.6
 *       {@code ServiceInstancesChangedListener} with one subscribed interface, until it has notified the interface's
 *       directory of the new provider URLs: revision grouping, {@code MetadataInfo} assignment, one
 *       {@code InstanceAddressURL} per instance. The directory's own invoker refresh is left out (it would connect to
 *       every provider); a directory reuses an invoker when the instance is equal, which reused instances are.
 * </ul>
 *
 * nacos-client's own work (parsing, comparing with its cache) is the same for both contenders and not included.
 * {@code order}: pushes list their instances in registration order (a changed instance stays in place) or as a Nacos
 * server does (hash order: a changed instance moves), see {@link PushOrder}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class IncrementalPushBenchmark {
    static final String APPLICATION = "bench-incremental";
    static final String INTERFACE = "org.example.Echo";
    static final String ALL = "all";

    @Param({"10000"})
    public int size;

    @Param({"1", "100", ALL})
    public String changed;

    @Param({"registration", "server"})
    public String order;

    private FrameworkModel framework;
    private Pushes pushes;
    private URL builtInUrl;
    private Keeping builtInKeeping;
    private SameThreadWatch watch;
    private Keeping nacosAppKeeping;
    private Consumer builtInConsumer;
    private Consumer nacosAppConsumer;
    private SameThreadWatch consumerWatch;

    @Setup(Level.Trial)
    public void setUp() {
        framework = new FrameworkModel();
        ApplicationModel application = framework.newApplication();
        ApplicationConfig config = new ApplicationConfig("bench-incremental-consumer");
        config.setQosEnable(false);
        application.getApplicationConfigManager().setApplication(config);
        pushes = new Pushes(
                APPLICATION, size, ALL.equals(changed) ? size : Integer.parseInt(changed), PushOrder.of(order));
        builtInUrl = URL.valueOf("nacos://127.0.0.1:8848?registry-type=service").setScopeModel(application);
        builtInKeeping = new Keeping();
        nacosAppKeeping = new Keeping();
        watch = nacosAppWatch(application, nacosAppKeeping);
        builtInConsumer = new Consumer(application);
        nacosAppConsumer = new Consumer(application);
        consumerWatch = nacosAppWatch(application, nacosAppConsumer.listener);
        // Two pushes first, so both start from a delivered list, as a running consumer does.
        for (int i = 0; i < 2; i++) {
            builtIn();
            nacosApp();
            builtInInConsumer();
            nacosAppInConsumer();
        }
        builtInConsumer.requireAll(size);
        nacosAppConsumer.requireAll(size);
    }

    private static SameThreadWatch nacosAppWatch(
            ApplicationModel application, ServiceInstancesChangedListener listener) {
        SameThreadWatch watch = SameThreadWatch.of(
                URL.valueOf("nacos-app://127.0.0.1:8848?registry-type=service"), APPLICATION, application);
        watch.addListener(listener);
        return watch;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        watch.close();
        consumerWatch.close();
        framework.destroy();
    }

    @Benchmark
    public Object builtIn() {
        return builtIn(pushes.next(), builtInKeeping);
    }

    @Benchmark
    public Object nacosApp() {
        watch.onEvent(pushes.next());
        return nacosAppKeeping.last;
    }

    @Benchmark
    public Object builtInInConsumer() {
        builtIn(pushes.next(), builtInConsumer.listener);
        return builtInConsumer.directory.last;
    }

    @Benchmark
    public Object nacosAppInConsumer() {
        consumerWatch.onEvent(pushes.next());
        return nacosAppConsumer.directory.last;
    }

    /** What the built-in's {@code NacosEventListener#onEvent} does for one listener in Dubbo 3.3.6. */
    private Object builtIn(NamingEvent push, ServiceInstancesChangedListener listener) {
        List<ServiceInstance> converted = new ArrayList<>(push.getInstances().size());
        for (Instance instance : push.getInstances()) {
            converted.add(NacosNamingServiceUtils.toServiceInstance(builtInUrl, instance));
        }
        listener.onEvent(new ServiceInstancesChangedEvent(push.getServiceName(), converted));
        return converted;
    }

    /** A Dubbo listener that keeps the last event and does nothing else. */
    static final class Keeping extends ServiceInstancesChangedListener {
        volatile ServiceInstancesChangedEvent last;

        Keeping() {
            super(new TreeSet<>(Collections.singleton(APPLICATION)), null);
        }

        @Override
        public void onEvent(ServiceInstancesChangedEvent event) {
            last = event;
        }
    }

    /** A real Dubbo listener for the application, with one interface's directory stand-in subscribed to it. */
    static final class Consumer {
        final ServiceInstancesChangedListener listener;
        final RecordingDirectory directory = new RecordingDirectory();

        Consumer(ApplicationModel application) {
            Map<String, MetadataInfo.ServiceInfo> services = new HashMap<>();
            // Port 0: Dubbo takes each instance's own port from its endpoints, as for a usual provider.
            MetadataInfo.ServiceInfo echo =
                    new MetadataInfo.ServiceInfo(INTERFACE, null, null, "dubbo", 0, INTERFACE, new HashMap<>());
            services.put(echo.getMatchKey(), echo);
            MetadataInfo metadata = new MetadataInfo(APPLICATION, Pushes.REVISION, services);
            metadata.init();
            URL registry = URL.valueOf("nacos-app://127.0.0.1:8848?registry-type=service&file-cache=false")
                    .setScopeModel(application);
            FixedMetadataDiscovery discovery = new FixedMetadataDiscovery(application, registry, metadata);
            listener =
                    new ServiceInstancesChangedListener(new TreeSet<>(Collections.singleton(APPLICATION)), discovery);
            listener.addListenerAndNotify(directory.getConsumerUrl(), directory);
        }

        void requireAll(int size) {
            List<URL> urls = directory.last;
            if (urls == null || urls.size() != size) {
                throw new IllegalStateException("Dubbo's listener notified " + (urls == null ? 0 : urls.size())
                        + " provider URLs, expected " + size);
            }
        }
    }

    /** Stands in for the interface's registry directory: keeps the URLs Dubbo's listener notifies. */
    static final class RecordingDirectory implements NotifyListener {
        private final URL consumerUrl = URL.valueOf(
                "consumer://127.0.0.1/" + INTERFACE + "?interface=" + INTERFACE + "&protocol=dubbo&side=consumer");
        volatile List<URL> last;

        @Override
        public void notify(List<URL> urls) {
            last = urls;
        }

        @Override
        public URL getConsumerUrl() {
            return consumerUrl;
        }
    }
}
