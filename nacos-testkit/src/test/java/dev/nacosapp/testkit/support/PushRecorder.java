package dev.nacosapp.testkit.support;

import com.alibaba.nacos.api.naming.listener.Event;
import com.alibaba.nacos.api.naming.listener.EventListener;
import com.alibaba.nacos.api.naming.listener.NamingEvent;
import com.alibaba.nacos.api.naming.pojo.Instance;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Records what a nacos-client listener receives, for assertions. Thread-safe. */
public final class PushRecorder implements EventListener {

    private final List<List<Instance>> events = new ArrayList<>();

    @Override
    public synchronized void onEvent(Event event) {
        if (event instanceof NamingEvent naming) {
            events.add(List.copyOf(naming.getInstances()));
        }
    }

    /**
     * Returns every instance list received, oldest first.
     *
     * @return a copy of the events
     */
    public synchronized List<List<Instance>> events() {
        return List.copyOf(events);
    }

    /**
     * Returns the last instance list received.
     *
     * @return the latest list, or empty before the first callback
     */
    public synchronized Optional<List<Instance>> latest() {
        return events.isEmpty() ? Optional.empty() : Optional.of(events.get(events.size() - 1));
    }

    /**
     * Returns the ip:port of the instances of the last callback.
     *
     * @return addresses, or an empty list before the first callback
     */
    public synchronized List<String> latestAddresses() {
        return latest().map(PushRecorder::addresses).orElse(List.of());
    }

    public synchronized int count() {
        return events.size();
    }

    /**
     * Maps instances to {@code ip:port}.
     *
     * @param instances instances
     * @return their addresses
     */
    public static List<String> addresses(List<Instance> instances) {
        List<String> result = new ArrayList<>();
        for (Instance each : instances) {
            result.add(each.getIp() + ":" + each.getPort());
        }
        return result;
    }
}
