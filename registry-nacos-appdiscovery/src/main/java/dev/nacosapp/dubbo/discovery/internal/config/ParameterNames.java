package dev.nacosapp.dubbo.discovery.internal.config;

import com.alibaba.nacos.api.PropertyKeyConst;
import dev.nacosapp.dubbo.discovery.config.ConfigKey;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Knows which registry-URL parameter names mean something: nacos-app's keys, nacos-client's own property names (passed
 * through, as Dubbo's built-in Nacos registry does), and everything else, which belongs to Dubbo. Dubbo puts many
 * parameters of its own on a registry URL, so an unknown name is only reported when it is close to a nacos-app key: a
 * misspelling. Immutable, thread-safe.
 */
final class ParameterNames {
    /** Edits (insert, delete, replace, swap of neighbours) within which a name counts as a misspelling. */
    private static final int MAX_EDITS = 2;

    /** nacos-client property names, from its public constants; those nacos-app sets itself are left out. */
    private static final Set<String> CLIENT_PROPERTIES = clientProperties();

    private static final Set<String> OWN_KEYS = ownKeys();

    private ParameterNames() {}

    static boolean isBareClientProperty(String name) {
        return CLIENT_PROPERTIES.contains(name) && !OWN_KEYS.contains(name);
    }

    /** One warning per parameter that is no known name but is within {@value #MAX_EDITS} edits of a nacos-app key. */
    static List<String> warnings(Collection<String> names) {
        List<String> warnings = new ArrayList<String>();
        for (String name : names) {
            if (OWN_KEYS.contains(name)
                    || CLIENT_PROPERTIES.contains(name)
                    || name.startsWith(ConfigKey.CLIENT_PROPERTY_PREFIX)
                    || name.startsWith(ConfigKey.TLS_PROPERTY_PREFIX)) {
                continue;
            }
            String closest = closestKey(name);
            if (closest != null) {
                warnings.add("nacos-app: registry parameter '" + name + "' is not a nacos-app key and is ignored;"
                        + " did you mean '" + closest + "'?");
            }
        }
        Collections.sort(warnings);
        return warnings;
    }

    private static String closestKey(String name) {
        String best = null;
        int bestEdits = Integer.MAX_VALUE;
        String folded = fold(name);
        for (ConfigKey key : ConfigKey.values()) {
            int edits = fold(key.key()).equals(folded) ? 0 : edits(name, key.key());
            // Short names are too easily near each other to call one a misspelling of the other.
            if (edits < bestEdits && edits <= MAX_EDITS && key.key().length() > MAX_EDITS * 2) {
                best = key.key();
                bestEdits = edits;
            }
        }
        return best;
    }

    /** Case and separators do not make a different key: {@code instanceWeight} means {@code instance-weight}. */
    private static String fold(String name) {
        return name.replace("-", "").replace(".", "").replace("_", "").toLowerCase(Locale.ROOT);
    }

    /** Optimal string alignment distance: Levenshtein plus the swap of two neighbouring characters. */
    static int edits(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    private static Set<String> ownKeys() {
        Set<String> keys = new HashSet<String>();
        for (ConfigKey key : ConfigKey.values()) {
            keys.add(key.key());
        }
        // Written by nacos-app from its own keys and the address; a bare parameter must not override them.
        keys.addAll(Arrays.asList(
                PropertyKeyConst.SERVER_ADDR,
                PropertyKeyConst.NAMESPACE,
                PropertyKeyConst.USERNAME,
                PropertyKeyConst.PASSWORD,
                PropertyKeyConst.ACCESS_KEY,
                PropertyKeyConst.SECRET_KEY));
        return Collections.unmodifiableSet(keys);
    }

    /** Public constants only, which are nacos-client's documented property names in 2.x and 3.x alike. */
    private static Set<String> clientProperties() {
        Set<String> names = new HashSet<String>();
        for (Field field : PropertyKeyConst.class.getFields()) {
            int modifiers = field.getModifiers();
            if (Modifier.isStatic(modifiers) && field.getType() == String.class) {
                try {
                    names.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    // a public constant is always readable
                }
            }
        }
        return Collections.unmodifiableSet(names);
    }
}
