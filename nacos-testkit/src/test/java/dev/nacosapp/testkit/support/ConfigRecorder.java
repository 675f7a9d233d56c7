package dev.nacosapp.testkit.support;

import com.alibaba.nacos.api.config.listener.AbstractListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Records what a nacos-client config {@code Listener} receives, a removal (null content) as an empty Optional.
 * Thread-safe.
 */
public final class ConfigRecorder extends AbstractListener {

    private final List<Optional<String>> received = new ArrayList<>();

    @Override
    public synchronized void receiveConfigInfo(String configInfo) {
        received.add(Optional.ofNullable(configInfo));
    }

    /**
     * Returns every content received, oldest first.
     *
     * @return a copy; an empty element for each removal
     */
    public synchronized List<Optional<String>> received() {
        return List.copyOf(received);
    }

    /**
     * Returns the latest content received.
     *
     * @return empty before any notification; an empty inner Optional after a removal
     */
    public synchronized Optional<Optional<String>> latest() {
        return received.isEmpty() ? Optional.empty() : Optional.of(received.get(received.size() - 1));
    }
}
