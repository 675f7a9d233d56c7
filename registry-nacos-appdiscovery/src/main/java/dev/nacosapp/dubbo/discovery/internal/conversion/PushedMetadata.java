package dev.nacosapp.dubbo.discovery.internal.conversion;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

/**
 * A Nacos instance's metadata as a Dubbo consumer sees it: the pushed map plus the mapped Dubbo {@code weight}, and
 * what else of the pushed instance a later push is checked against (cluster, number of metadata entries).
 *
 * <p>Reads through to the pushed map instead of copying it: copying every entry of every instance is what made
 * converting a large push several times slower (each entry is a separate object, so a copy walks 10,000 x 6 scattered
 * map nodes). nacos-client caches the pushed maps and never writes to them, and neither does this class: the first
 * write switches it to a private copy, so Dubbo may still treat it as mutable.
 *
 * <p>When a later push carries the instance unchanged, {@link #rebase} points this map at that push's (equal) map, so
 * an instance reused across pushes keeps only the map nacos-client caches now alive, never an old push's copy.
 * Not thread-safe for writes, like the HashMap Dubbo would otherwise hold; {@link #rebase} may run while Dubbo reads.
 *
 * <p>Longer than most classes because it is a whole {@code Map} over a shared map with copy on first write, and its
 * publication rules belong beside the fields they govern.
 *
 * <p>Publication: {@code shape} is final; {@code base} and {@code copy} are volatile, so a reader on any thread
 * sees a map that was fully built before it was stored. The object itself reaches other threads only through
 * hand-offs that publish it safely: made and handed to Dubbo's listener on the dispatcher's one task for the
 * application (or on the Dubbo thread that asked for a first load), kept between pushes under the conversion's
 * lock, and passed from there to Dubbo, which keeps it under its listener's monitor.
 */
final class PushedMetadata extends AbstractMap<String, String> {
    @SuppressWarnings("rawtypes")
    private static final AtomicReferenceFieldUpdater<PushedMetadata, Map> BASE =
            AtomicReferenceFieldUpdater.newUpdater(PushedMetadata.class, Map.class, "base");

    /**
     * The pushed metadata without a {@code weight} entry; never written. Volatile so that Dubbo's threads see a
     * rebased map fully built; the write is a release store ({@code lazySet}), free on x86.
     */
    private volatile Map<String, String> base;

    private final Shape shape;
    /**
     * The private copy made by the first write, or null. Volatile because it is written on a Dubbo thread and read
     * on others: by the dispatcher, which must see that Dubbo wrote here before it reuses or rebases this map
     * ({@link #holds}, {@link #rebase}), and by Dubbo's other threads, which must see the copy fully built; a plain
     * field let both see null or a half-built HashMap. Later writes into the copy are, as documented, Dubbo's to
     * serialise, as with the HashMap it would otherwise hold.
     */
    private volatile Map<String, String> copy;

    private PushedMetadata(Map<String, String> base, Shape shape) {
        this.base = base;
        this.shape = shape;
    }

    /**
     * What an instance was pushed with besides its metadata entries, shared by the instances pushed alike (usually all
     * of an application): one object instead of three fields in every instance. Immutable.
     */
    static final class Shape {
        final String weight;
        final String cluster;
        /** Whether the provider wrote a {@code weight} into its metadata, which the Nacos weight replaces. */
        final boolean filtered;

        Shape(String weight, String cluster, boolean filtered) {
            this.weight = weight;
            this.cluster = cluster;
            this.filtered = filtered;
        }

        /** This shape if it is the one asked for, else a new one. */
        Shape orNew(String weight, String cluster, boolean filtered) {
            return this.weight.equals(weight) && this.cluster.equals(cluster) && this.filtered == filtered
                    ? this
                    : new Shape(weight, cluster, filtered);
        }
    }

    /**
     * The metadata for a pushed map (null for none), with the Dubbo weight and the Nacos cluster it was pushed with;
     * {@code like} is the shape of an earlier instance, reused when it is the same (null for none).
     */
    static PushedMetadata of(Map<String, String> pushed, String weight, String cluster, Shape like) {
        if (pushed == null) {
            return new PushedMetadata(Collections.<String, String>emptyMap(), shape(like, weight, cluster, false));
        }
        if (pushed.containsKey(InstanceMapper.DUBBO_WEIGHT_KEY)) {
            // A provider that wrote its own "weight" metadata: the Nacos weight still decides, as documented.
            return new PushedMetadata(withoutWeight(pushed), shape(like, weight, cluster, true));
        }
        return new PushedMetadata(pushed, shape(like, weight, cluster, false));
    }

    private static Shape shape(Shape like, String weight, String cluster, boolean filtered) {
        return like == null ? new Shape(weight, cluster, filtered) : like.orNew(weight, cluster, filtered);
    }

    Shape shape() {
        return shape;
    }

    private static Map<String, String> withoutWeight(Map<String, String> pushed) {
        Map<String, String> own = new HashMap<String, String>(pushed);
        own.remove(InstanceMapper.DUBBO_WEIGHT_KEY);
        return own;
    }

    /**
     * Whether this still reads exactly as {@code pushed} would (weight aside) and was never written: the full check,
     * every metadata value compared.
     */
    boolean holds(Map<String, String> pushed, String weightNow) {
        if (copy != null || !shape.weight.equals(weightNow) || pushedSize() != sizeOf(pushed)) {
            return false;
        }
        Map<String, String> current = base;
        if (pushed == null || pushed == current) {
            return true;
        }
        if (shape.filtered && !pushed.containsKey(InstanceMapper.DUBBO_WEIGHT_KEY)) {
            return false;
        }
        // Same size and every entry read so far also pushed: the same entries (the weight aside).
        for (Map.Entry<String, String> entry : current.entrySet()) {
            String value = pushed.get(entry.getKey());
            if (value == null || !value.equals(entry.getValue())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads from {@code pushed} from now on: the map of a later push of the same instance, which nacos-client's
     * comparison or {@link #holds} found equal to the one read so far. Called only by the dispatcher's one task.
     */
    void rebase(Map<String, String> pushed) {
        if (copy != null || pushed == null || pushed == base) {
            return;
        }
        BASE.lazySet(this, shape.filtered ? withoutWeight(pushed) : pushed);
    }

    /** How many entries the pushed map had, a pushed weight included; -1 once written to. */
    int pushedSize() {
        if (copy != null) {
            return -1;
        }
        return shape.filtered ? base.size() + 1 : base.size();
    }

    /** How many entries a pushed map has, as {@link #pushedSize} counts them. */
    static int sizeOf(Map<String, String> pushed) {
        return pushed == null ? 0 : pushed.size();
    }

    String weight() {
        return shape.weight;
    }

    /** The Nacos cluster of the instance, as {@link NacosServiceInstance#clusterOf} gives it. */
    String cluster() {
        return shape.cluster;
    }

    @Override
    public String get(Object key) {
        Map<String, String> own = copy;
        if (own != null) {
            return own.get(key);
        }
        return InstanceMapper.DUBBO_WEIGHT_KEY.equals(key) ? shape.weight : base.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        Map<String, String> own = copy;
        if (own != null) {
            return own.containsKey(key);
        }
        return InstanceMapper.DUBBO_WEIGHT_KEY.equals(key) || base.containsKey(key);
    }

    @Override
    public int size() {
        Map<String, String> own = copy;
        return own != null ? own.size() : base.size() + 1;
    }

    @Override
    public String put(String key, String value) {
        return writable().put(key, value);
    }

    @Override
    public String remove(Object key) {
        return writable().remove(key);
    }

    @Override
    public void clear() {
        writable().clear();
    }

    @Override
    public Set<Map.Entry<String, String>> entrySet() {
        Map<String, String> own = copy;
        if (own != null) {
            return own.entrySet();
        }
        final Map<String, String> pushed = base;
        return new AbstractSet<Map.Entry<String, String>>() {
            @Override
            public Iterator<Map.Entry<String, String>> iterator() {
                return new Iterator<Map.Entry<String, String>>() {
                    private final Iterator<Map.Entry<String, String>> entries =
                            pushed.entrySet().iterator();
                    private boolean weightReturned;

                    @Override
                    public boolean hasNext() {
                        return !weightReturned || entries.hasNext();
                    }

                    @Override
                    public Map.Entry<String, String> next() {
                        if (!weightReturned) {
                            weightReturned = true;
                            return new SimpleImmutableEntry<String, String>(
                                    InstanceMapper.DUBBO_WEIGHT_KEY, shape.weight);
                        }
                        if (!entries.hasNext()) {
                            throw new NoSuchElementException();
                        }
                        // Immutable entries: a setValue must never reach nacos-client's cached map.
                        Map.Entry<String, String> entry = entries.next();
                        return new SimpleImmutableEntry<String, String>(entry.getKey(), entry.getValue());
                    }
                };
            }

            @Override
            public int size() {
                return pushed.size() + 1;
            }
        };
    }

    private Map<String, String> writable() {
        Map<String, String> own = copy;
        if (own == null) {
            own = new HashMap<String, String>(base);
            own.put(InstanceMapper.DUBBO_WEIGHT_KEY, shape.weight);
            // Stored only once complete: the volatile write publishes the filled map.
            copy = own;
        }
        return own;
    }
}
