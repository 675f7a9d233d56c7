package dev.nacosapp.dubbo.discovery.internal.mapping;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A Nacos instance's metadata as a Dubbo consumer sees it: the pushed map plus the mapped Dubbo {@code weight}, without
 * copying the pushed map. nacos-client caches the pushed instances, so they are never written to: the first write
 * through this map switches it to a private copy. Copying every instance's metadata on every push dominated the cost of
 * a large push. Not thread-safe for writes, like the HashMap Dubbo would otherwise hold.
 */
final class WeightedMetadata extends AbstractMap<String, String> {
    private final String weight;
    /** The pushed metadata without a {@code weight} entry; read-only until {@link #copy} replaces it. */
    private Map<String, String> base;

    private Map<String, String> copy;

    WeightedMetadata(Map<String, String> pushed, String weight) {
        this.base = pushed == null ? Collections.<String, String>emptyMap() : pushed;
        this.weight = weight;
        if (base.containsKey(InstanceMapper.DUBBO_WEIGHT_KEY)) {
            // A provider that wrote its own "weight" metadata: the Nacos weight still decides, as documented.
            Map<String, String> withoutWeight = new HashMap<String, String>(base);
            withoutWeight.remove(InstanceMapper.DUBBO_WEIGHT_KEY);
            base = withoutWeight;
        }
    }

    @Override
    public String get(Object key) {
        if (copy != null) {
            return copy.get(key);
        }
        return InstanceMapper.DUBBO_WEIGHT_KEY.equals(key) ? weight : base.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        if (copy != null) {
            return copy.containsKey(key);
        }
        return InstanceMapper.DUBBO_WEIGHT_KEY.equals(key) || base.containsKey(key);
    }

    @Override
    public int size() {
        return copy != null ? copy.size() : base.size() + 1;
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
        if (copy != null) {
            return copy.entrySet();
        }
        return new AbstractSet<Map.Entry<String, String>>() {
            @Override
            public Iterator<Map.Entry<String, String>> iterator() {
                return new Iterator<Map.Entry<String, String>>() {
                    private final Iterator<Map.Entry<String, String>> pushed =
                            base.entrySet().iterator();
                    private boolean weightReturned;

                    @Override
                    public boolean hasNext() {
                        return !weightReturned || pushed.hasNext();
                    }

                    @Override
                    public Map.Entry<String, String> next() {
                        if (!weightReturned) {
                            weightReturned = true;
                            return new SimpleImmutableEntry<String, String>(InstanceMapper.DUBBO_WEIGHT_KEY, weight);
                        }
                        if (!pushed.hasNext()) {
                            throw new NoSuchElementException();
                        }
                        Map.Entry<String, String> entry = pushed.next();
                        return new SimpleImmutableEntry<String, String>(entry.getKey(), entry.getValue());
                    }
                };
            }

            @Override
            public int size() {
                return WeightedMetadata.this.size();
            }
        };
    }

    private Map<String, String> writable() {
        if (copy == null) {
            Map<String, String> own = new HashMap<String, String>(base);
            own.put(InstanceMapper.DUBBO_WEIGHT_KEY, weight);
            copy = own;
        }
        return copy;
    }
}
