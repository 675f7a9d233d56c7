package dev.nacosapp.benchmarks.contender;

import dev.nacosapp.dubbo.discovery.NacosAppServiceDiscovery;
import java.util.HashMap;
import java.util.Map;
import org.apache.dubbo.common.URL;
import org.apache.dubbo.config.ApplicationConfig;
import org.apache.dubbo.registry.client.ServiceDiscovery;
import org.apache.dubbo.registry.client.ServiceDiscoveryFactory;
import org.apache.dubbo.registry.nacos.NacosServiceDiscovery;
import org.apache.dubbo.rpc.model.ApplicationModel;
import org.apache.dubbo.rpc.model.FrameworkModel;

/**
 * A Dubbo {@link ServiceDiscovery} created the way Dubbo creates it, through the {@code ServiceDiscoveryFactory}
 * extension named by the registry URL's scheme, in a framework and application model of its own so that no state is
 * shared with the other contender.
 */
public final class DubboDiscoveryContender implements Contender {
    private final ContenderKind kind;
    private final FrameworkModel framework;
    private final ServiceDiscovery discovery;
    private final Map<String, RecordingListener> listeners = new HashMap<>();

    private DubboDiscoveryContender(ContenderKind kind, FrameworkModel framework, ServiceDiscovery discovery) {
        this.kind = kind;
        this.framework = framework;
        this.discovery = discovery;
    }

    /** Creates the discovery of {@code kind} ({@code BUILT_IN} or {@code NACOS_APP}) for the given server. */
    public static DubboDiscoveryContender connect(ContenderKind kind, String serverAddr) {
        return connect(kind, serverAddr, "");
    }

    /**
     * The same, with more registry URL parameters.
     *
     * @param parameters {@code key=value} pairs joined by {@code &}, such as {@code reconcile-interval=off}; empty for
     *     none
     */
    public static DubboDiscoveryContender connect(ContenderKind kind, String serverAddr, String parameters) {
        FrameworkModel framework = new FrameworkModel();
        try {
            ApplicationModel application = framework.newApplication();
            ApplicationConfig config = new ApplicationConfig("bench-consumer-" + kind.id());
            config.setQosEnable(false);
            application.getApplicationConfigManager().setApplication(config);
            // file-cache=false: Dubbo would otherwise keep a metadata cache file under the user's home.
            URL url = URL.valueOf(kind.scheme() + "://" + serverAddr + "?registry-type=service&file-cache=false&"
                            + cacheDirParameter(kind) + (parameters.isEmpty() ? "" : "&" + parameters))
                    .setScopeModel(application);
            ServiceDiscovery discovery =
                    ServiceDiscoveryFactory.getExtension(url).getServiceDiscovery(url);
            requireExpected(kind, discovery);
            return new DubboDiscoveryContender(kind, framework, discovery);
        } catch (RuntimeException e) {
            framework.destroy();
            throw e;
        }
    }

    /**
     * Each contender process's nacos-client writes its disk cache to a directory of its own, as separate machines
     * would: nacos-client locks the cache file while writing, so clients sharing one file would wait for each other;
     * and nacos-app reads the cache at start (load-cache-at-start), so a probe would otherwise start from what an
     * earlier probe left, and nacos-client would not report lists that equal the cached ones as changes.
     */
    private static String cacheDirParameter(ContenderKind kind) {
        String prefix = kind == ContenderKind.NACOS_APP ? "nacos-client." : "";
        return prefix + "namingCacheRegistryDir=" + kind.id() + "-"
                + ProcessHandle.current().pid();
    }

    // Dubbo silently falls back to its default factory for an unknown scheme: make sure each contender is itself.
    private static void requireExpected(ContenderKind kind, ServiceDiscovery discovery) {
        Class<?> expected =
                kind == ContenderKind.NACOS_APP ? NacosAppServiceDiscovery.class : NacosServiceDiscovery.class;
        if (!expected.isInstance(discovery)) {
            throw new IllegalStateException("The " + kind.scheme() + ":// registry created "
                    + discovery.getClass().getName() + ", not " + expected.getName());
        }
    }

    @Override
    public ContenderKind kind() {
        return kind;
    }

    /** The discovery under test. */
    public ServiceDiscovery discovery() {
        return discovery;
    }

    @Override
    public void subscribe(String application, Sink sink) {
        RecordingListener listener = new RecordingListener(application, discovery, sink);
        listeners.put(application, listener);
        discovery.addServiceInstancesChangedListener(listener);
    }

    @Override
    public void resubscribe(String application) {
        RecordingListener old = listeners.remove(application);
        discovery.removeServiceInstancesChangedListener(old);
        subscribe(application, old.sink());
    }

    @Override
    public void close() {
        try {
            discovery.destroy();
        } catch (Exception e) {
            throw new IllegalStateException("Destroying " + discovery + " failed", e);
        } finally {
            framework.destroy();
        }
    }
}
