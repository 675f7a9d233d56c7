package dev.nacosapp.dubbo.discovery.internal.watch;

import com.alibaba.nacos.api.naming.pojo.Instance;
import dev.nacosapp.dubbo.discovery.internal.conversion.LoopbackHosts;
import dev.nacosapp.dubbo.discovery.internal.conversion.NacosServiceInstance;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.dubbo.registry.client.ServiceInstance;

/**
 * The Dubbo instances last handed to listeners for one application, and the next list made from a push by converting
 * only the instances that changed: an unchanged instance is handed over as the same {@link ServiceInstance} object.
 *
 * <p>Why handing Dubbo the same objects again is safe (read from Dubbo 3.3.6): {@code ServiceInstancesChangedListener}
 * keeps the list it is given and, per revision, sets the {@code MetadataInfo} on instances whose metadata is missing
 * or of another revision; the revision is part of the pushed metadata, so a reused instance already carries the right
 * one (or {@code MetadataInfo.EMPTY}, whose revision matches none, after a failed fetch, which Dubbo then fetches
 * again as for a new instance). {@code DefaultServiceInstance#toURL} caches one {@code InstanceAddressURL} per
 * protocol, cleared when the metadata info changes; the directory compares instances by name, address and metadata
 * and reuses invokers of equal ones, which a reused object is. Dubbo copies an instance ({@code copyFrom}) rather than
 * change its port. All of this already applies today to the instances one push shares between several listeners.
 * A {@code ServiceInstanceNotificationCustomizer} (none ships with Dubbo) sees reused instances again on every push.
 *
 * <p>Thread-safe: pushes (the dispatcher's one task per application) and first loads (Dubbo's threads) are serialised.
 */
final class IncrementalConversion {
    private final String application;
    private final InstanceFilter filter;
    private final InstanceConverter converter;
    private List<ServiceInstance> current = Collections.emptyList();
    /** Whether nacos-client's next comparison is against the push {@link #current} was made from. */
    private boolean hintApplies;
    /**
     * How many lists were made from pushes or from corrections ({@link #fromCheck}): what a list read elsewhere is
     * checked against before it may replace them.
     */
    private long pushesConverted;

    IncrementalConversion(String application, InstanceFilter filter, InstanceConverter converter) {
        this.application = application;
        this.filter = filter;
        this.converter = converter;
    }

    /** What listeners were given last: unmodifiable, never null. */
    synchronized List<ServiceInstance> current() {
        return current;
    }

    /** The next list for the usable instances of a push, with nacos-client's comparison of it. */
    synchronized List<ServiceInstance> fromPush(List<Instance> pushed, ChangeHint hint) {
        current = next(pushed, hintApplies ? hint : ChangeHint.UNKNOWN);
        hintApplies = true;
        pushesConverted++;
        return current;
    }

    /** What to pass to {@link #fromQuery} for a list about to be read: taken before reading it. */
    synchronized long ticket() {
        return pushesConverted;
    }

    /**
     * The next list for instances queried or read from nacos-client's cache rather than pushed (nacos-client's next
     * comparison is not against it), read after {@code ticket} was taken. A push converted since then is at least as
     * new as what was read, so the list is then left as the push made it; a push converted later replaces the list.
     * With {@code protect}, an ambiguous list (no usable instance) does not replace a non-empty one either.
     */
    synchronized List<ServiceInstance> fromQuery(List<Instance> queried, long ticket, boolean protect) {
        if (ticket != pushesConverted || (protect && !current.isEmpty() && filter.isAmbiguous(queried))) {
            return current;
        }
        current = next(queried, ChangeHint.UNKNOWN);
        hintApplies = false;
        return current;
    }

    /**
     * The next list for instances queried directly from the server to check the current one, read after
     * {@code ticket} was taken; {@code null} when a list made since the ticket is at least as new, or when the
     * usable instances are those of the current list (then the current objects stay). A list it returns replaces the
     * current one like a push, but nacos-client's next comparison is not against it.
     */
    synchronized List<ServiceInstance> fromCheck(List<Instance> queried, long ticket) {
        if (ticket != pushesConverted) {
            return null;
        }
        List<ServiceInstance> next = next(queried, ChangeHint.UNKNOWN);
        if (sameObjects(current, next)) {
            return null;
        }
        current = next;
        hintApplies = false;
        pushesConverted++;
        return current;
    }

    /**
     * Whether the usable instances of {@code queried} are exactly those of the current list, metadata included; reads
     * only, converts nothing. The usual answer of a check, settled without a notification task.
     */
    synchronized boolean matches(List<Instance> queried) {
        Map<String, Integer> index = null;
        int usable = 0;
        for (Instance instance : queried) {
            if (!filter.accepts(instance)) {
                continue;
            }
            usable++;
            if (index == null) {
                index = index(current);
            }
            Integer at = index.get(address(instance));
            if (at == null) {
                return false;
            }
            ServiceInstance held = current.get(at);
            if (!(held instanceof NacosServiceInstance) || !((NacosServiceInstance) held).isConvertedFrom(instance)) {
                return false;
            }
        }
        return usable == current.size();
    }

    /** Whether both lists hold the same objects: {@link #next} reuses exactly the instances that did not change. */
    private static boolean sameObjects(List<ServiceInstance> previous, List<ServiceInstance> next) {
        if (previous.size() != next.size()) {
            return false;
        }
        Map<ServiceInstance, Boolean> held = new IdentityHashMap<ServiceInstance, Boolean>(previous.size() * 2);
        for (ServiceInstance instance : previous) {
            held.put(instance, Boolean.TRUE);
        }
        for (ServiceInstance instance : next) {
            if (held.remove(instance) == null) {
                return false;
            }
        }
        return true;
    }

    /**
     * Takes what a Dubbo listener already holds as the list to protect, while nothing was converted here yet: a new
     * watch must not let an empty push take from a consumer what an earlier first load gave it.
     */
    synchronized void adopt(List<ServiceInstance> held) {
        if (pushesConverted == 0 && current.isEmpty() && !held.isEmpty()) {
            current = Collections.unmodifiableList(new ArrayList<ServiceInstance>(held));
            hintApplies = false;
        }
    }

    /**
     * The usable instances of {@code pushed} (by the {@link InstanceFilter}), each the previous object when it is
     * unchanged. One pass over the push: for a large push with few changes, reading each pushed instance is most of
     * the cost, so it is read once, by the filter and the comparison together.
     */
    private List<ServiceInstance> next(List<Instance> pushed, ChangeHint hint) {
        List<ServiceInstance> previous = current;
        List<ServiceInstance> next = new ArrayList<ServiceInstance>(pushed.size());
        boolean reuse = !previous.isEmpty();
        // Nacos sends instances in a stable order, so the previous instance at the same address is almost always the
        // next one in the previous list; the index by address is built only when that guess fails.
        Map<String, Integer> index = null;
        int cursor = 0;
        for (Instance instance : pushed) {
            if (!filter.accepts(instance)) {
                continue;
            }
            NacosServiceInstance candidate = null;
            // Surely changed: converted without comparing; the previous instance is still looked for where it is
            // cheap, to keep the cursor in step.
            boolean modified = hint.surelyChanged(instance);
            if (reuse && !hint.isAdded(instance)) {
                int at;
                if (isAt(previous, cursor, instance)) {
                    at = cursor;
                } else if (isAt(previous, cursor + 1, instance)) {
                    at = cursor + 1;
                } else if (modified) {
                    at = -1;
                } else {
                    if (index == null) {
                        index = index(previous);
                    }
                    Integer found = index.get(address(instance));
                    at = found == null ? -1 : found;
                }
                if (at >= 0) {
                    cursor = at + 1;
                    candidate = (NacosServiceInstance) previous.get(at);
                }
            }
            if (candidate != null
                    && !modified
                    && (hint.mayHaveChanged(instance)
                            ? candidate.isConvertedFrom(instance)
                            : candidate.hasStateOf(instance))) {
                candidate.takeOver(instance);
                next.add(candidate);
            } else {
                next.add(converter.convert(application, instance));
            }
        }
        return Collections.unmodifiableList(next);
    }

    private static boolean isAt(List<ServiceInstance> previous, int position, Instance pushed) {
        if (position >= previous.size()) {
            return false;
        }
        ServiceInstance instance = previous.get(position);
        return instance instanceof NacosServiceInstance && ((NacosServiceInstance) instance).isAt(pushed);
    }

    private static Map<String, Integer> index(List<ServiceInstance> previous) {
        Map<String, Integer> index = new HashMap<String, Integer>(previous.size() * 2);
        for (int i = 0; i < previous.size(); i++) {
            ServiceInstance instance = previous.get(i);
            if (instance instanceof NacosServiceInstance) {
                String address = instance.getHost() + ':' + instance.getPort();
                if (!index.containsKey(address)) {
                    index.put(address, i);
                }
            }
        }
        return index;
    }

    private static String address(Instance pushed) {
        return LoopbackHosts.forDubboClient(pushed.getIp()) + ':' + pushed.getPort();
    }
}
