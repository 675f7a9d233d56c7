package dev.nacosapp.dubbo.discovery.internal.mapping;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * A Nacos instance's metadata as a Dubbo consumer sees it: the pushed entries plus the mapped Dubbo {@code weight}.
 *
 * <p>Holds the pushed key and value strings in two arrays, not the pushed map: keeping nacos-client's map (its table,
 * nodes and the {@code Instance} around it) alive for as long as Dubbo keeps the instance would pin a whole copy of
 * every push. The key array is shared by instances whose keys come in the same order (the usual case: one provider
 * build writes the same keys, and Jackson hands out one string per field name). Nothing is copied on conversion but
 * references. The first write switches the map to a private {@link HashMap}, so Dubbo may still treat it as mutable.
 * Not thread-safe for writes, like the HashMap Dubbo would otherwise hold.
 */
final class PushedMetadata extends AbstractMap<String, String> {
    private final String[] keys;
    private final String[] values;
    private final String weight;
    private Map<String, String> copy;

    private PushedMetadata(String[] keys, String[] values, String weight) {
        this.keys = keys;
        this.values = values;
        this.weight = weight;
    }

    /**
     * The metadata for a pushed map; {@code sharedKeys} is a key array of an earlier instance to reuse when the keys
     * are the same (null for none). A pushed {@code weight} entry is left out: the Nacos weight decides.
     */
    static PushedMetadata of(Map<String, String> pushed, String weight, String[] sharedKeys) {
        int size = pushed == null ? 0 : pushed.size();
        if (size > 0 && pushed.containsKey(InstanceMapper.DUBBO_WEIGHT_KEY)) {
            size--;
        }
        String[] values = new String[size];
        String[] keys = sharedKeys != null && sharedKeys.length == size ? sharedKeys : new String[size];
        boolean sharing = keys == sharedKeys;
        int i = 0;
        if (size > 0) {
            for (Map.Entry<String, String> entry : pushed.entrySet()) {
                String key = entry.getKey();
                if (InstanceMapper.DUBBO_WEIGHT_KEY.equals(key)) {
                    continue;
                }
                if (sharing && !same(keys[i], key)) {
                    String[] own = new String[size];
                    System.arraycopy(keys, 0, own, 0, i);
                    keys = own;
                    sharing = false;
                }
                if (!sharing) {
                    keys[i] = key;
                }
                values[i++] = entry.getValue();
            }
        }
        return new PushedMetadata(keys, values, weight);
    }

    /** The key array, for the next instance to share. */
    String[] keys() {
        return keys;
    }

    /** Whether this still holds exactly the pushed entries of {@code pushed} (weight aside) and was never written. */
    boolean holds(Map<String, String> pushed, String weightNow) {
        if (copy != null || !Objects.equals(weight, weightNow) || pushedSize() != sizeOf(pushed)) {
            return false;
        }
        for (int i = 0; i < keys.length; i++) {
            String value = pushed.get(keys[i]);
            if (!Objects.equals(values[i], value) || (value == null && !pushed.containsKey(keys[i]))) {
                return false;
            }
        }
        return true;
    }

    /** How many entries the pushed map had, a pushed weight included; -1 once written to. */
    int pushedSize() {
        return copy != null ? -1 : keys.length;
    }

    static int sizeOf(Map<String, String> pushed) {
        if (pushed == null) {
            return 0;
        }
        return pushed.containsKey(InstanceMapper.DUBBO_WEIGHT_KEY) ? pushed.size() - 1 : pushed.size();
    }

    String weight() {
        return weight;
    }

    private static boolean same(String a, String b) {
        return a == b || a.equals(b);
    }

    @Override
    public String get(Object key) {
        if (copy != null) {
            return copy.get(key);
        }
        if (InstanceMapper.DUBBO_WEIGHT_KEY.equals(key)) {
            return weight;
        }
        int index = indexOf(key);
        return index < 0 ? null : values[index];
    }

    @Override
    public boolean containsKey(Object key) {
        if (copy != null) {
            return copy.containsKey(key);
        }
        return InstanceMapper.DUBBO_WEIGHT_KEY.equals(key) || indexOf(key) >= 0;
    }

    private int indexOf(Object key) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] == key || keys[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public int size() {
        return copy != null ? copy.size() : keys.length + 1;
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
                    /** -1: the weight comes first; then the pushed entries in order. */
                    private int next = -1;

                    @Override
                    public boolean hasNext() {
                        return next < keys.length;
                    }

                    @Override
                    public Map.Entry<String, String> next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        int index = next++;
                        return index < 0
                                ? new SimpleImmutableEntry<String, String>(InstanceMapper.DUBBO_WEIGHT_KEY, weight)
                                : new SimpleImmutableEntry<String, String>(keys[index], values[index]);
                    }
                };
            }

            @Override
            public int size() {
                return PushedMetadata.this.size();
            }
        };
    }

    private Map<String, String> writable() {
        if (copy == null) {
            Map<String, String> own = new HashMap<String, String>(keys.length * 2 + 2);
            for (int i = 0; i < keys.length; i++) {
                own.put(keys[i], values[i]);
            }
            own.put(InstanceMapper.DUBBO_WEIGHT_KEY, weight);
            copy = own;
        }
        return copy;
    }
}
