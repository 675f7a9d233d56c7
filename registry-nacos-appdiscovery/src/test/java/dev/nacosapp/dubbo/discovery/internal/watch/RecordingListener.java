package dev.nacosapp.dubbo.discovery.internal.watch;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.dubbo.registry.client.ServiceInstance;
import org.apache.dubbo.registry.client.event.ServiceInstancesChangedEvent;
import org.apache.dubbo.registry.client.event.listener.ServiceInstancesChangedListener;

/** A Dubbo listener that records what it is told and keeps the lists it is given, without building invokers. */
public class RecordingListener extends ServiceInstancesChangedListener {
    private final List<ServiceInstancesChangedEvent> events = new CopyOnWriteArrayList<>();

    public RecordingListener(Set<String> applications) {
        super(applications, null);
    }

    /** Records the event and, as Dubbo's listener does under its monitor, keeps the list in getAllInstances(). */
    @Override
    public synchronized void onEvent(ServiceInstancesChangedEvent event) {
        events.add(event);
        allInstances.put(event.getServiceName(), event.getServiceInstances());
    }

    public List<ServiceInstancesChangedEvent> events() {
        return events;
    }

    /** The addresses of the last list received for an application, or null if none arrived. */
    public List<String> lastAddresses(String application) {
        for (int i = events.size() - 1; i >= 0; i--) {
            ServiceInstancesChangedEvent event = events.get(i);
            if (event.getServiceName().equals(application)) {
                return event.getServiceInstances().stream()
                        .map(ServiceInstance::getAddress)
                        .collect(Collectors.toList());
            }
        }
        return null;
    }
}
