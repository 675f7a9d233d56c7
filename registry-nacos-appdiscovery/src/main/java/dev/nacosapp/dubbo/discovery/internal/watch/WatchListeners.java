package dev.nacosapp.dubbo.discovery.internal.watch;

import static org.apache.dubbo.common.constants.LoggerCodeConstants.REGISTRY_FAILED_NOTIFY_EVENT;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.dubbo.common.logger.ErrorTypeAwareLogger;
import org.apache.dubbo.common.logger.LoggerFactory;
import org.apache.dubbo.registry.client.ServiceInstance;
import org.apache.dubbo.registry.client.event.ServiceInstancesChangedEvent;
import org.apache.dubbo.registry.client.event.listener.ServiceInstancesChangedListener;

/**
 * The Dubbo listeners of one application's watch, and which of them joined after the last delivery and still need the
 * current list. Delivers to each listener a list of its own and keeps one failing listener from affecting the others.
 * Thread-safe: adding and removing from any thread, delivery from the dispatcher's one task for the application.
 */
final class WatchListeners {
    private static final ErrorTypeAwareLogger LOGGER = LoggerFactory.getErrorTypeAwareLogger(WatchListeners.class);

    private final String application;
    /** By identity: Dubbo's listeners compare equal when they watch the same applications. Writes under lock. */
    private final List<ServiceInstancesChangedListener> listeners =
            new CopyOnWriteArrayList<ServiceInstancesChangedListener>();
    /** Listeners added since the last delivery, who have not yet been given the current list. */
    private final Queue<ServiceInstancesChangedListener> newcomers =
            new ConcurrentLinkedQueue<ServiceInstancesChangedListener>();

    WatchListeners(String application) {
        this.application = application;
    }

    /** Adds a listener; returns false if it was there already. */
    synchronized boolean add(ServiceInstancesChangedListener listener) {
        for (ServiceInstancesChangedListener existing : listeners) {
            if (existing == listener) {
                return false;
            }
        }
        return listeners.add(listener);
    }

    /** Marks an added listener as still to be given the current list. */
    void welcomeLater(ServiceInstancesChangedListener listener) {
        newcomers.add(listener);
    }

    /** Removes a listener; returns whether none is left. */
    synchronized boolean remove(ServiceInstancesChangedListener listener) {
        for (int i = 0; i < listeners.size(); i++) {
            if (listeners.get(i) == listener) {
                listeners.remove(i);
                break;
            }
        }
        return listeners.isEmpty();
    }

    boolean isEmpty() {
        return listeners.isEmpty();
    }

    int size() {
        return listeners.size();
    }

    boolean hasNewcomers() {
        return !newcomers.isEmpty();
    }

    void clear() {
        listeners.clear();
        newcomers.clear();
    }

    /** Gives every listener a new list. */
    void deliver(List<ServiceInstance> converted) {
        newcomers.clear();
        for (ServiceInstancesChangedListener listener : listeners) {
            notify(listener, converted);
        }
    }

    /** Gives listeners added since the last delivery the current list, and nobody else. */
    void welcome(List<ServiceInstance> current) {
        for (ServiceInstancesChangedListener newcomer = newcomers.poll();
                newcomer != null;
                newcomer = newcomers.poll()) {
            if (listeners.contains(newcomer)) {
                notify(newcomer, current);
            }
        }
    }

    /** One array copied, where {@code new ArrayList(unmodifiableList)} would copy two. */
    private static List<ServiceInstance> copyOf(List<ServiceInstance> converted) {
        List<ServiceInstance> copy = new ArrayList<ServiceInstance>(converted.size());
        for (int i = 0; i < converted.size(); i++) {
            copy.add(converted.get(i));
        }
        return copy;
    }

    private void notify(ServiceInstancesChangedListener listener, List<ServiceInstance> converted) {
        try {
            // Each listener gets its own list: Dubbo's listeners keep and may reorder what they are given.
            listener.onEvent(new ServiceInstancesChangedEvent(application, copyOf(converted)));
        } catch (RuntimeException e) {
            LOGGER.error(
                    REGISTRY_FAILED_NOTIFY_EVENT,
                    "listener failed",
                    "",
                    "nacos-app: a listener of application '" + application + "' failed on " + converted.size()
                            + " instances; other listeners and applications are unaffected",
                    e);
        }
    }
}
