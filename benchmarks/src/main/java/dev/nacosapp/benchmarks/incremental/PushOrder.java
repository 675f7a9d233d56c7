package dev.nacosapp.benchmarks.incremental;

import com.alibaba.nacos.api.naming.pojo.Instance;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The order in which a push lists its instances. A Nacos 2.5 or 3.0 server collects a service's instances in a
 * {@link HashSet} of {@link Instance} ({@code ServiceStorage#getAllInstancesFromIndex}) and pushes that set's order;
 * {@code Instance#hashCode} is the hash of its {@code toString()}, metadata included, so an instance whose metadata
 * changes (a new {@code timestamp}, as in these pushes) moves to another place while the others keep theirs.
 * Registration order, where a changed instance stays where it was, is what a naive test double pushes. Stateless.
 */
public enum PushOrder {
    /** Every instance where it was registered, a changed one included. */
    REGISTRATION("registration"),
    /** As a Nacos server pushes: the order of a {@code HashSet<Instance>}. */
    SERVER("server");

    private final String id;

    PushOrder(String id) {
        this.id = id;
    }

    /** The name used in JMH parameters, settings and the CSV. */
    public String id() {
        return id;
    }

    /**
     * Parses a name.
     *
     * @param id {@code registration} or {@code server}
     * @return the order
     * @throws IllegalArgumentException for any other name
     */
    public static PushOrder of(String id) {
        for (PushOrder each : values()) {
            if (each.id.equals(id.trim().toLowerCase(Locale.ROOT))) {
                return each;
            }
        }
        throw new IllegalArgumentException("unknown push order '" + id + "'; known: "
                + Arrays.stream(values()).map(PushOrder::id).toList());
    }

    /**
     * Puts the instances of one push into this order.
     *
     * @param registered the instances in registration order
     * @return a new list
     */
    List<Instance> arrange(List<Instance> registered) {
        if (this == REGISTRATION) {
            return new ArrayList<>(registered);
        }
        // Keyed by the instance as the server holds it: the server rebuilds an unchanged instance identically for
        // every push, while the instances here are copies whose metadata maps differ in layout (and so in toString).
        Map<Instance, Instance> byServerForm = new HashMap<>();
        for (Instance each : registered) {
            byServerForm.put(serverForm(each), each);
        }
        return new ArrayList<>(byServerForm.values());
    }

    private static Instance serverForm(Instance instance) {
        Instance form = new Instance();
        form.setInstanceId(instance.getInstanceId());
        form.setIp(instance.getIp());
        form.setPort(instance.getPort());
        form.setWeight(instance.getWeight());
        form.setHealthy(instance.isHealthy());
        form.setEnabled(instance.isEnabled());
        form.setEphemeral(instance.isEphemeral());
        form.setClusterName(instance.getClusterName());
        form.setServiceName(instance.getServiceName());
        form.setMetadata(new HashMap<>(new TreeMap<>(instance.getMetadata())));
        return form;
    }
}
