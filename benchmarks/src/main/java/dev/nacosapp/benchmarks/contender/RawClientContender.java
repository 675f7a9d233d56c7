package dev.nacosapp.benchmarks.contender;

import com.alibaba.nacos.api.exception.NacosException;
import com.alibaba.nacos.api.naming.NamingFactory;
import com.alibaba.nacos.api.naming.NamingService;
import com.alibaba.nacos.api.naming.listener.EventListener;
import com.alibaba.nacos.api.naming.listener.NamingEvent;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/** The floor: a bare nacos-client 2.x {@link NamingService} whose subscribe callback hands the list on untouched. */
public final class RawClientContender implements Contender {
    private final NamingService naming;
    private final Map<String, EventListener> listeners = new HashMap<>();
    private final Map<String, Sink> sinks = new HashMap<>();

    private RawClientContender(NamingService naming) {
        this.naming = naming;
    }

    public static RawClientContender connect(String serverAddr) throws NacosException {
        Properties properties = new Properties();
        properties.setProperty("serverAddr", serverAddr);
        properties.setProperty("namingCacheRegistryDir", ContenderKind.RAW.id());
        return new RawClientContender(NamingFactory.createNamingService(properties));
    }

    @Override
    public ContenderKind kind() {
        return ContenderKind.RAW;
    }

    @Override
    public void subscribe(String application, Sink sink) throws NacosException {
        EventListener listener = event -> {
            long now = System.nanoTime();
            if (event instanceof NamingEvent naming) {
                sink.delivered(now, naming.getInstances());
            }
        };
        listeners.put(application, listener);
        sinks.put(application, sink);
        naming.subscribe(application, listener);
    }

    @Override
    public void resubscribe(String application) throws NacosException {
        naming.unsubscribe(application, listeners.remove(application));
        subscribe(application, sinks.get(application));
    }

    @Override
    public void close() {
        try {
            naming.shutDown();
        } catch (NacosException e) {
            throw new IllegalStateException("Closing the raw nacos-client failed", e);
        }
    }
}
