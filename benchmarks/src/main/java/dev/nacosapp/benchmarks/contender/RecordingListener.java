package dev.nacosapp.benchmarks.contender;

import java.util.Set;
import java.util.TreeSet;
import org.apache.dubbo.registry.client.ServiceDiscovery;
import org.apache.dubbo.registry.client.event.ServiceInstancesChangedEvent;
import org.apache.dubbo.registry.client.event.listener.ServiceInstancesChangedListener;

/**
 * A Dubbo instances listener that only notes what arrived and when, so the Dubbo contenders are measured up to the
 * moment discovery hands a list to Dubbo, without Dubbo's invoker building (which is the same for both).
 */
final class RecordingListener extends ServiceInstancesChangedListener {
    private final Sink sink;

    RecordingListener(String application, ServiceDiscovery discovery, Sink sink) {
        super(new TreeSet<>(Set.of(application)), discovery);
        this.sink = sink;
    }

    Sink sink() {
        return sink;
    }

    @Override
    public void onEvent(ServiceInstancesChangedEvent event) {
        long now = System.nanoTime();
        sink.delivered(now, event.getServiceInstances());
    }

    // Dubbo compares listeners by their applications; a resubscribed listener must never equal its predecessor.
    @Override
    public boolean equals(Object other) {
        return this == other;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
