package dev.nacosapp.it.support;

import java.util.ArrayList;
import java.util.List;

/**
 * What a test started (providers, consumers, clients), closed in reverse order when the test ends, whatever it got to.
 * Not thread-safe: one per test instance.
 */
public final class Started implements AutoCloseable {

    private final List<AutoCloseable> all = new ArrayList<>();

    /**
     * Remembers something to close.
     *
     * @param closeable what the test started
     * @param <T> its type
     * @return the same object, to use in place
     */
    public <T extends AutoCloseable> T add(T closeable) {
        all.add(closeable);
        return closeable;
    }

    @Override
    public void close() throws Exception {
        Exception first = null;
        for (int i = all.size() - 1; i >= 0; i--) {
            try {
                all.get(i).close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        all.clear();
        if (first != null) {
            throw first;
        }
    }
}
