package dev.nacosapp.dubbo.discovery.internal.watch;

import com.alibaba.nacos.api.naming.listener.NamingEvent;
import com.alibaba.nacos.api.naming.pojo.Instance;
import com.alibaba.nacos.client.naming.listener.NamingChangeEvent;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Which instances of a push nacos-client reported as added or modified since the push before it, plus the addresses
 * of instances changed in earlier pushes that were coalesced or dropped before being converted. Everything else in
 * the push is, by nacos-client's own comparison, unchanged.
 *
 * <p>nacos-client (2.4+) compares every push with its cache anyway, for every listener, to decide whether to notify
 * ({@code InstancesDiffer}, by each instance's full {@code toString()}), and hands the result to listeners as a
 * {@link NamingChangeEvent}. Reusing that comparison is what makes a push with few changes cost little: comparing
 * freshly parsed metadata again would cost about as much as converting it. Added and modified instances are the very
 * objects of the push, so they are recognised by identity. Immutable once built, thread-safe.
 */
final class ChangeHint {
    /** No comparison is known: every instance has to be compared in full. */
    static final ChangeHint UNKNOWN =
            new ChangeHint(false, Instances.NONE, Instances.NONE, Collections.<String>emptySet());

    private final boolean known;
    private final Instances added;
    private final Instances modified;
    private final Set<String> earlier;

    private ChangeHint(boolean known, Instances added, Instances modified, Set<String> earlier) {
        this.known = known;
        this.added = added;
        this.modified = modified;
        this.earlier = earlier;
    }

    /** The hint a nacos-client event carries; {@link #UNKNOWN} for a plain event without a comparison. */
    static ChangeHint of(NamingEvent event) {
        if (!(event instanceof NamingChangeEvent)) {
            return UNKNOWN;
        }
        NamingChangeEvent change = (NamingChangeEvent) event;
        return new ChangeHint(
                true,
                Instances.of(change.getAddedInstances()),
                Instances.of(change.getModifiedInstances()),
                Collections.<String>emptySet());
    }

    /**
     * Instances recognised by identity. One concrete class, asked once or twice for every instance of a push: a call
     * through {@code Set} would see three implementations (empty, a few, many) and cost a dispatch each time.
     */
    private static final class Instances {
        static final Instances NONE = new Instances(new Instance[0], null);
        /** Up to this many are compared by reference rather than looked up. */
        private static final int FEW = 16;

        /** The instances when there are few, else empty. */
        private final Instance[] few;
        /** The instances when there are many, else null. */
        private final Set<Instance> many;

        private Instances(Instance[] few, Set<Instance> many) {
            this.few = few;
            this.many = many;
        }

        static Instances of(List<Instance> instances) {
            if (instances == null || instances.isEmpty()) {
                return NONE;
            }
            if (instances.size() <= FEW) {
                // Looking an object up in an IdentityHashMap makes the JVM compute and store its identity hash: for
                // every instance of a large push, that costs more than comparing against a few references.
                return new Instances(instances.toArray(new Instance[0]), null);
            }
            Set<Instance> set = Collections.newSetFromMap(new IdentityHashMap<Instance, Boolean>(instances.size() * 2));
            set.addAll(instances);
            return new Instances(NONE.few, set);
        }

        boolean isEmpty() {
            return few.length == 0 && many == null;
        }

        boolean contains(Instance instance) {
            if (many != null) {
                return many.contains(instance);
            }
            for (Instance one : few) {
                if (one == instance) {
                    return true;
                }
            }
            return false;
        }

        Collection<Instance> all() {
            return many != null ? many : Arrays.asList(few);
        }
    }

    /**
     * This push's hint, following {@code before}, whose push was never converted (coalesced with this one, or dropped
     * by empty-push protection): what changed then may still differ from what listeners have.
     */
    ChangeHint after(ChangeHint before) {
        if (!known || !before.known) {
            return UNKNOWN;
        }
        if (before.added.isEmpty() && before.modified.isEmpty() && before.earlier.isEmpty()) {
            return this;
        }
        Set<String> addresses = new HashSet<String>(earlier);
        addresses.addAll(before.earlier);
        addAddresses(addresses, before.added.all());
        addAddresses(addresses, before.modified.all());
        return new ChangeHint(true, added, modified, addresses);
    }

    private static void addAddresses(Set<String> addresses, Collection<Instance> instances) {
        for (Instance instance : instances) {
            addresses.add(address(instance));
        }
    }

    private static String address(Instance instance) {
        return instance.getIp() + ':' + instance.getPort();
    }

    /** Whether nacos-client compared this push with the one before it. */
    boolean isKnown() {
        return known;
    }

    /** Whether the instance is new in this push: there is nothing to reuse for it. */
    boolean isAdded(Instance instance) {
        return known && added.contains(instance);
    }

    /**
     * Whether the instance surely differs from what was converted last: nacos-client reported it modified against
     * the push before, and no push was skipped in between (else it may have changed back to what listeners have).
     */
    boolean surelyChanged(Instance instance) {
        return known && earlier.isEmpty() && modified.contains(instance);
    }

    /** Whether the instance may differ from what was converted last: reported changed now or in a skipped push. */
    boolean mayHaveChanged(Instance instance) {
        return !known
                || added.contains(instance)
                || modified.contains(instance)
                || (!earlier.isEmpty() && earlier.contains(address(instance)));
    }
}
