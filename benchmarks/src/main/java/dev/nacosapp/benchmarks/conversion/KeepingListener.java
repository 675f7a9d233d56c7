package dev.nacosapp.benchmarks.conversion;

import java.util.Set;
import java.util.TreeSet;
import org.apache.dubbo.registry.client.event.ServiceInstancesChangedEvent;
import org.apache.dubbo.registry.client.event.listener.ServiceInstancesChangedListener;

/**
 * The Dubbo listener at the end of a conversion path: keeps the last event (so the JIT cannot drop the work) and does
 * nothing else, as in the propagation figure. Created without a discovery, it lives in Dubbo's default model.
 */
final class KeepingListener extends ServiceInstancesChangedListener {
    volatile ServiceInstancesChangedEvent last;

    KeepingListener(String application) {
        super(new TreeSet<>(Set.of(application)), null);
    }

    @Override
    public void onEvent(ServiceInstancesChangedEvent event) {
        last = event;
    }
}
