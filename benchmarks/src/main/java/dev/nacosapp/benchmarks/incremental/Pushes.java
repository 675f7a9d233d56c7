package dev.nacosapp.benchmarks.incremental;

import com.alibaba.nacos.api.naming.pojo.Instance;
import com.alibaba.nacos.client.naming.event.InstancesDiff;
import com.alibaba.nacos.client.naming.listener.NamingChangeEvent;
import dev.nacosapp.benchmarks.fixture.Instances;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Two pushes of one application that differ in {@code changed} instances, as nacos-client delivers them: every push
 * freshly parsed (its own objects and strings, equal content for the unchanged instances) and carrying nacos-client's
 * comparison with the push before ({@link NamingChangeEvent}). Alternating them gives a stream of pushes of which
 * each changes exactly {@code changed} instances. One revision for the whole fleet, as one provider build has. Each
 * push lists its instances in the given {@link PushOrder}: in server order a changed instance moves. Immutable after
 * construction.
 */
final class Pushes {
    static final String REVISION = "0123456789abcdef0123456789abcdef";

    private final NamingChangeEvent[] events = new NamingChangeEvent[2];
    private int next;

    Pushes(String application, int size, int changed, PushOrder order) {
        List<Instance> first = Instances.pushed(application, size);
        first.forEach(i -> i.getMetadata().put("dubbo.metadata.revision", REVISION));
        List<Instance> second = new ArrayList<>(size);
        List<Instance> changedInSecond = new ArrayList<>();
        List<Instance> changedInFirst = new ArrayList<>();
        // Spread over the list, as changes from a rolling restart or a weight change would be.
        int step = Math.max(1, size / Math.max(1, changed));
        for (int i = 0; i < size; i++) {
            Instance copy = fresh(first.get(i));
            if (i % step == 0 && changedInSecond.size() < changed) {
                copy.getMetadata().put("timestamp", Long.toString(1_800_000_000_000L + i));
                changedInSecond.add(copy);
                changedInFirst.add(first.get(i));
            }
            second.add(copy);
        }
        events[0] = event(application, order.arrange(first), changedInFirst);
        events[1] = event(application, order.arrange(second), changedInSecond);
    }

    private static NamingChangeEvent event(String application, List<Instance> hosts, List<Instance> modified) {
        return new NamingChangeEvent(
                application,
                hosts,
                new InstancesDiff(Collections.<Instance>emptyList(), Collections.<Instance>emptyList(), modified));
    }

    /** The hosts of the two pushes, in the order they are pushed; for tests. */
    List<List<Instance>> hosts() {
        return List.of(events[0].getInstances(), events[1].getInstances());
    }

    /** The other push than last time: each call changes {@code changed} instances against the one before. */
    NamingChangeEvent next() {
        NamingChangeEvent event = events[next];
        next ^= 1;
        return event;
    }

    /** As a new push carries an instance: other objects, other strings, equal content. */
    private static Instance fresh(Instance instance) {
        Instance copy = new Instance();
        copy.setInstanceId(new String(instance.getInstanceId()));
        copy.setServiceName(new String(instance.getServiceName()));
        copy.setIp(new String(instance.getIp()));
        copy.setPort(instance.getPort());
        copy.setWeight(instance.getWeight());
        copy.setHealthy(instance.isHealthy());
        copy.setEnabled(instance.isEnabled());
        copy.setEphemeral(instance.isEphemeral());
        copy.setClusterName(new String(instance.getClusterName()));
        Map<String, String> metadata = new HashMap<>();
        // Keys stay shared: Jackson hands out one canonical string per field name.
        instance.getMetadata().forEach((key, value) -> metadata.put(key, new String(value)));
        copy.setMetadata(metadata);
        return copy;
    }
}
