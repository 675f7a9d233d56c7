package dev.nacosapp.dubbo.discovery.internal.watch;

import com.alibaba.nacos.api.naming.listener.Event;
import dev.nacosapp.dubbo.discovery.internal.config.NacosAppConfig;
import dev.nacosapp.dubbo.discovery.internal.config.NacosAppConfigParser;
import dev.nacosapp.dubbo.discovery.internal.conversion.InstanceMapper;
import org.apache.dubbo.common.URL;
import org.apache.dubbo.registry.client.event.listener.ServiceInstancesChangedListener;
import org.apache.dubbo.rpc.model.ApplicationModel;

/**
 * A fixture published for the benchmarks, not used by the library: one application's watch, wired from a registry URL
 * as a discovery wires it (the URL's filter, instance conversion and empty-push protection), that delivers to its
 * listeners on the calling thread, so a push's whole handling runs inside the measured call. The benchmarks measure
 * the watch without reaching into how it is built. Not thread-safe: one caller at a time.
 */
public final class SameThreadWatch {
    private final AppWatch watch;

    private SameThreadWatch(AppWatch watch) {
        this.watch = watch;
    }

    /** A watch of {@code application} for the {@code nacos-app://} registry URL, converting into {@code model}. */
    public static SameThreadWatch of(URL registryUrl, String application, ApplicationModel model) {
        return factory(registryUrl, model).create(application);
    }

    /** Parses the registry URL once, for benchmarks that build a fresh watch inside the measured call. */
    public static Factory factory(URL registryUrl, ApplicationModel model) {
        return new Factory(NacosAppConfigParser.system().parse(registryUrl), model);
    }

    /** Creates watches of one registry URL's configuration. Thread-safe. */
    public static final class Factory {
        private final NacosAppConfig config;
        private final InstanceMapper mapper;
        private final ApplicationModel model;

        private Factory(NacosAppConfig config, ApplicationModel model) {
            this.config = config;
            this.mapper = new InstanceMapper(config);
            this.model = model;
        }

        public SameThreadWatch create(String application) {
            return new SameThreadWatch(new AppWatch(
                    application,
                    InstanceFilter.of(config),
                    (app, instance) -> mapper.toServiceInstance(app, instance, model),
                    config.emptyPushProtection(),
                    0,
                    new NotificationDispatcher(Runnable::run)));
        }
    }

    public void addListener(ServiceInstancesChangedListener listener) {
        watch.addListener(listener);
    }

    /** Handles a push from nacos-client as the discovery's watch does, delivering before it returns. */
    public void onEvent(Event event) {
        watch.onEvent(event);
    }

    public void close() {
        watch.close();
    }
}
