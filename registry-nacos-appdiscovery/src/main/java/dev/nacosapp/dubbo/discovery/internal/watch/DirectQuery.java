package dev.nacosapp.dubbo.discovery.internal.watch;

import static org.apache.dubbo.common.constants.LoggerCodeConstants.REGISTRY_NACOS_EXCEPTION;

import com.alibaba.nacos.api.exception.NacosException;
import com.alibaba.nacos.api.naming.listener.Event;
import com.alibaba.nacos.api.naming.listener.EventListener;
import com.alibaba.nacos.api.naming.pojo.Instance;
import dev.nacosapp.dubbo.discovery.internal.client.NacosErrors;
import dev.nacosapp.dubbo.discovery.internal.client.SharedNamingClient;
import dev.nacosapp.dubbo.discovery.internal.config.NacosAppConfig;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.dubbo.common.logger.ErrorTypeAwareLogger;
import org.apache.dubbo.common.logger.LoggerFactory;
import org.apache.dubbo.registry.client.ServiceInstance;

/**
 * Dubbo's direct read of an application's instances for a {@link WatchRegistry}: the query, its fallback to
 * nacos-client's cache when Nacos does not answer, and seeding the application's watch with the answer. Thread-safe;
 * shares the registry's lock where it must not race a subscribe.
 */
final class DirectQuery {
    /** Logged under the registry's name, as before the query was its own class, so log settings keep applying. */
    private static final ErrorTypeAwareLogger LOGGER = LoggerFactory.getErrorTypeAwareLogger(WatchRegistry.class);

    /** Stands for no listener where nacos-client needs one to end a subscription it made without any. */
    private static final EventListener NO_LISTENER = new EventListener() {
        @Override
        public void onEvent(Event event) {}
    };

    private final NacosAppConfig config;
    private final SharedNamingClient client;
    private final InstanceFilter filter;
    private final InstanceConverter converter;
    private final Map<String, AppWatch> watches;
    /** The registry's lock, which serialises subscribe and unsubscribe. */
    private final Object lock;

    DirectQuery(
            NacosAppConfig config,
            SharedNamingClient client,
            InstanceFilter filter,
            InstanceConverter converter,
            Map<String, AppWatch> watches,
            Object lock) {
        this.config = config;
        this.client = client;
        this.filter = filter;
        this.converter = converter;
        this.watches = watches;
        this.lock = lock;
    }

    /**
     * The usable instances of an application, read from Nacos. When Nacos does not answer and
     * {@code load-cache-at-start} is on, nacos-client's cached list (from disk, or from a subscription) stands in.
     * If the application is watched, what is returned seeds its last good list, unless a push newer than the read
     * arrived meanwhile (then the push's list is returned). It makes no watch: Dubbo hands what is returned to the
     * listener it adds next, and the new watch protects what that listener holds ({@link #add}); a first load with
     * no listener after it leaves nothing behind.
     */
    List<ServiceInstance> getInstances(String application) {
        AppWatch watch = watches.get(application);
        long ticket = watch == null ? 0 : watch.ticket();
        List<Instance> instances;
        try {
            instances = client.getAllInstances(application, config.group());
        } catch (NacosException e) {
            instances = fallback(application, e);
        }
        if (watch != null && watches.get(application) == watch) {
            return watch.firstLoad(instances, ticket);
        }
        return new IncrementalConversion(application, filter, converter).fromQuery(instances, 0, false);
    }

    private List<Instance> fallback(String application, NacosException cause) {
        if (config.loadCacheAtStart()) {
            try {
                List<Instance> cached = cachedWithoutSubscribing(application);
                if (!cached.isEmpty()) {
                    LOGGER.warn(
                            REGISTRY_NACOS_EXCEPTION,
                            "query failed",
                            "",
                            "nacos-app: querying instances of application '" + application + "' on "
                                    + config.describeTarget() + " failed: " + NacosErrors.describe(cause)
                                    + "; using the " + cached.size() + " instances cached on disk until Nacos answers");
                    return cached;
                }
            } catch (NacosException e) {
                // nothing cached either: report the query's failure below
            }
        }
        AppWatch watch = watches.get(application);
        if (config.check() && (watch == null || !watch.isSubscribed())) {
            throw new IllegalStateException(
                    "nacos-app: querying instances of application '" + application + "' on " + config.describeTarget()
                            + " failed: " + NacosErrors.describe(cause),
                    cause);
        }
        LOGGER.warn(
                REGISTRY_NACOS_EXCEPTION,
                "query failed",
                "",
                "nacos-app: querying instances of application '" + application + "' failed: "
                        + NacosErrors.describe(cause) + "; its subscription delivers them once Nacos answers");
        return Collections.emptyList();
    }

    /**
     * nacos-client's cached list, read without leaving a subscription behind. Reading it subscribes when the client is
     * not subscribed yet (a disk cache counts as nothing subscribed), and a failed subscribe stays with the client's
     * redo task; with no watch of the application that subscription would only fill nacos-client's cache, so that a
     * later watch's subscribe finds the cache current and is told nothing.
     */
    private List<Instance> cachedWithoutSubscribing(String application) throws NacosException {
        try {
            return client.cachedInstances(application, config.group());
        } finally {
            synchronized (lock) {
                AppWatch watch = watches.get(application);
                if (watch == null || !watch.isSubscribed()) {
                    try {
                        // nacos-client sends the unsubscribe only when no listener of the service is left.
                        client.unsubscribe(application, config.group(), NO_LISTENER);
                    } catch (NacosException e) {
                        // nacos-client has forgotten the subscription before sending the request
                        LOGGER.debug("nacos-app: unsubscribing from application '" + application + "' failed: "
                                + NacosErrors.describe(e));
                    }
                }
            }
        }
    }
}
