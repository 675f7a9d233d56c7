package dev.nacosapp.dubbo.discovery.internal.client;

import com.alibaba.nacos.api.exception.NacosException;
import com.alibaba.nacos.api.naming.listener.EventListener;
import com.alibaba.nacos.api.naming.listener.NamingEvent;
import com.alibaba.nacos.api.naming.pojo.Instance;
import com.alibaba.nacos.api.naming.pojo.ListView;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory Nacos for unit tests: one server state shared by the clients it creates, with Nacos 2.x's rule that a
 * client holds one registration per service (a single instance or one batch). Pushes are delivered synchronously on
 * the calling thread. Thread-safe.
 *
 * <p>Each client behaves like nacos-client 2.5.1 where the order of side effects matters: {@code subscribe} stores the
 * listener and its redo data BEFORE the request is sent, and {@code registerInstance} its redo data, so a failed
 * request leaves both behind; {@code unsubscribe} drops the listener before its request. Whatever failed is completed
 * by {@link #redo()} (nacos-client's redo task, every 3 s while connected), which also runs when the server comes back
 * ({@link #setUp}). A client with a {@linkplain #preloadCache disk cache} answers {@code cachedInstances} from it.
 */
public final class InMemoryNacos implements NamingOperationsFactory {
    private final Map<String, Map<Client, List<Instance>>> registrations = new LinkedHashMap<>();
    private final Map<String, List<EventListener>> subscribers = new HashMap<>();
    private final List<Client> clients = new CopyOnWriteArrayList<>();
    private final List<Properties> createdWith = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresToInject = new AtomicInteger();
    private volatile int injectedCode = NacosException.SERVER_ERROR;
    private volatile String injectedMessage = "injected failure";
    private final List<String> operations = new CopyOnWriteArrayList<>();
    private volatile boolean up = true;
    private final Map<String, List<Instance>> diskCache = new HashMap<>();

    /** Every successful call, e.g. "register orders 10.0.0.1:1", "batch orders 2", "shutdown", in order. */
    public List<String> operations() {
        return operations;
    }

    @Override
    public NamingOperations create(Properties properties) {
        createdWith.add(properties);
        Client client = new Client();
        clients.add(client);
        return client;
    }

    /** Whether clients see a server. While down every call fails like an unreachable Nacos; coming back runs the redo. */
    public void setUp(boolean up) {
        this.up = up;
        if (up) {
            redo();
        }
    }

    /** Runs every client's redo task once: failed registrations and subscriptions are sent again. */
    public void redo() {
        for (Client client : clients) {
            client.redo();
        }
    }

    /** Clients created from now on start with this list cached on disk for the service, as with namingLoadCacheAtStart. */
    public synchronized void preloadCache(String group, String service, List<Instance> instances) {
        diskCache.put(group + "@@" + service, new ArrayList<>(instances));
    }

    /** The next {@code n} calls fail with a server error. */
    public void failNext(int n) {
        failNext(n, NacosException.SERVER_ERROR, "injected failure");
    }

    /** The next {@code n} calls fail with this Nacos error code and message. */
    public void failNext(int n, int code, String message) {
        injectedCode = code;
        injectedMessage = message;
        failuresToInject.set(n);
    }

    public List<Properties> clientsCreated() {
        return createdWith;
    }

    public long openClients() {
        return clients.stream().filter(c -> !c.shutdown).count();
    }

    public synchronized List<Instance> instances(String group, String service) {
        List<Instance> all = new ArrayList<>();
        Map<Client, List<Instance>> byClient = registrations.get(group + "@@" + service);
        if (byClient != null) {
            byClient.values().forEach(all::addAll);
        }
        return all;
    }

    public synchronized int subscriberCount(String group, String service) {
        List<EventListener> listeners = subscribers.get(group + "@@" + service);
        return listeners == null ? 0 : listeners.size();
    }

    /** Pushes an arbitrary list to every subscriber of the service, like a server would. */
    public void push(String group, String service, List<Instance> instances) {
        List<EventListener> listeners;
        synchronized (this) {
            listeners = new ArrayList<>(subscribers.getOrDefault(group + "@@" + service, Collections.emptyList()));
        }
        synchronized (this) {
            for (Client client : clients) {
                if (client.subscribedKeys.contains(group + "@@" + service)) {
                    client.cache.put(group + "@@" + service, new ArrayList<>(instances));
                }
            }
        }
        for (EventListener listener : listeners) {
            listener.onEvent(new NamingEvent(service, group, "", new ArrayList<>(instances)));
        }
    }

    private void changed(String group, String service) {
        push(group, service, instances(group, service));
    }

    private void check() throws NacosException {
        if (!up) {
            throw new NacosException(NacosException.CLIENT_DISCONNECT, "Client not connected, current status:STARTING");
        }
        if (failuresToInject.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new NacosException(injectedCode, injectedMessage);
        }
    }

    private static Instance copy(String service, Instance instance) {
        Instance copy = new Instance();
        copy.setIp(instance.getIp());
        copy.setPort(instance.getPort());
        copy.setWeight(instance.getWeight());
        copy.setHealthy(instance.isHealthy());
        copy.setEnabled(instance.isEnabled());
        copy.setEphemeral(instance.isEphemeral());
        copy.setClusterName(instance.getClusterName() == null ? "DEFAULT" : instance.getClusterName());
        copy.setServiceName(service);
        copy.setMetadata(new HashMap<>(instance.getMetadata()));
        return copy;
    }

    /** One nacos-client connection. */
    final class Client implements NamingOperations {
        volatile boolean shutdown;
        /** Registrations whose request failed, by service key, for the redo task. Guarded by InMemoryNacos.this. */
        private final Map<String, List<Instance>> redoRegistrations = new LinkedHashMap<>();
        /** Listeners whose subscribe request failed, by service key. Guarded by InMemoryNacos.this. */
        private final Map<String, List<EventListener>> redoSubscriptions = new LinkedHashMap<>();
        /** What this client has cached per service key: its disk cache, then what its subscriptions delivered. */
        private final Map<String, List<Instance>> cache = new HashMap<>(diskCache);
        /** Service keys this client subscribed successfully. Guarded by InMemoryNacos.this. */
        private final java.util.Set<String> subscribedKeys = new java.util.HashSet<>();

        void redo() {
            if (!up || shutdown) {
                return;
            }
            Map<String, List<Instance>> registrationsToRedo;
            Map<String, List<EventListener>> subscriptionsToRedo;
            synchronized (InMemoryNacos.this) {
                registrationsToRedo = new LinkedHashMap<>(redoRegistrations);
                subscriptionsToRedo = new LinkedHashMap<>();
                redoSubscriptions.forEach((key, listeners) -> subscriptionsToRedo.put(key, new ArrayList<>(listeners)));
            }
            registrationsToRedo.forEach((key, instances) -> {
                String[] parts = key.split("@@", 2);
                try {
                    batchRegisterInstance(parts[1], parts[0], instances);
                } catch (NacosException e) {
                    // stays for the next redo
                }
            });
            subscriptionsToRedo.forEach((key, listeners) -> {
                String[] parts = key.split("@@", 2);
                for (EventListener listener : listeners) {
                    try {
                        subscribe(parts[1], parts[0], listener);
                    } catch (NacosException e) {
                        // stays for the next redo
                    }
                }
            });
        }

        @Override
        public void registerInstance(String serviceName, String group, Instance instance) throws NacosException {
            batchRegisterInstance(serviceName, group, Collections.singletonList(instance));
        }

        @Override
        public void batchRegisterInstance(String serviceName, String group, List<Instance> instances)
                throws NacosException {
            synchronized (InMemoryNacos.this) {
                redoRegistrations.put(group + "@@" + serviceName, new ArrayList<>(instances));
            }
            check();
            synchronized (InMemoryNacos.this) {
                redoRegistrations.remove(group + "@@" + serviceName);
                List<Instance> copies = new ArrayList<>();
                instances.forEach(i -> copies.add(copy(serviceName, i)));
                registrations
                        .computeIfAbsent(group + "@@" + serviceName, k -> new LinkedHashMap<>())
                        .put(this, copies);
                operations.add(
                        instances.size() == 1
                                ? "register " + serviceName + " "
                                        + instances.get(0).toInetAddr()
                                : "batch " + serviceName + " " + instances.size());
            }
            changed(group, serviceName);
        }

        @Override
        public void deregisterInstance(String serviceName, String group, Instance instance) throws NacosException {
            synchronized (InMemoryNacos.this) {
                redoRegistrations.remove(group + "@@" + serviceName);
            }
            check();
            synchronized (InMemoryNacos.this) {
                Map<Client, List<Instance>> byClient = registrations.get(group + "@@" + serviceName);
                if (byClient != null) {
                    byClient.remove(this);
                }
                operations.add("deregister " + serviceName + " " + instance.toInetAddr());
            }
            changed(group, serviceName);
        }

        @Override
        public List<Instance> getAllInstances(String serviceName, String group) throws NacosException {
            check();
            return instances(group, serviceName);
        }

        @Override
        public List<Instance> cachedInstances(String serviceName, String group) throws NacosException {
            List<Instance> cached;
            synchronized (InMemoryNacos.this) {
                cached = cache.get(group + "@@" + serviceName);
            }
            if (cached != null) {
                return new ArrayList<>(cached);
            }
            // nacos-client subscribes when it has nothing cached.
            check();
            return instances(group, serviceName);
        }

        @Override
        public ListView<String> getServicesOfServer(int pageNo, int pageSize, String group) throws NacosException {
            check();
            List<String> names = new ArrayList<>();
            synchronized (InMemoryNacos.this) {
                for (String key : registrations.keySet()) {
                    if (key.startsWith(group + "@@")) {
                        names.add(key.substring(group.length() + 2));
                    }
                }
            }
            int from = Math.min(names.size(), (pageNo - 1) * pageSize);
            ListView<String> view = new ListView<>();
            view.setCount(names.size());
            view.setData(new ArrayList<>(names.subList(from, Math.min(names.size(), from + pageSize))));
            return view;
        }

        @Override
        public void subscribe(String serviceName, String group, EventListener listener) throws NacosException {
            String key = group + "@@" + serviceName;
            synchronized (InMemoryNacos.this) {
                // nacos-client registers the listener and caches the redo data before sending the request.
                List<EventListener> pending = redoSubscriptions.computeIfAbsent(key, k -> new ArrayList<>());
                if (!pending.contains(listener)) {
                    pending.add(listener);
                }
            }
            check();
            synchronized (InMemoryNacos.this) {
                List<EventListener> pending = redoSubscriptions.get(key);
                pending.remove(listener);
                if (pending.isEmpty()) {
                    redoSubscriptions.remove(key);
                }
                List<EventListener> listeners = subscribers.computeIfAbsent(key, k -> new ArrayList<>());
                if (!listeners.contains(listener)) {
                    listeners.add(listener);
                }
                subscribedKeys.add(key);
                operations.add("subscribe " + serviceName);
            }
            List<Instance> current = instances(group, serviceName);
            if (!current.isEmpty()) {
                // nacos-client fires once on subscribe when the service already has instances.
                deliver(listener, serviceName, group, current);
            }
        }

        void deliver(EventListener listener, String serviceName, String group, List<Instance> instances) {
            synchronized (InMemoryNacos.this) {
                cache.put(group + "@@" + serviceName, new ArrayList<>(instances));
            }
            listener.onEvent(new NamingEvent(serviceName, group, "", new ArrayList<>(instances)));
        }

        @Override
        public void unsubscribe(String serviceName, String group, EventListener listener) throws NacosException {
            String key = group + "@@" + serviceName;
            synchronized (InMemoryNacos.this) {
                // nacos-client drops the listener and marks the redo data before sending the request.
                List<EventListener> pending = redoSubscriptions.get(key);
                if (pending != null) {
                    pending.remove(listener);
                }
                List<EventListener> listeners = subscribers.get(key);
                if (listeners != null) {
                    listeners.remove(listener);
                }
            }
            check();
            synchronized (InMemoryNacos.this) {
                operations.add("unsubscribe " + serviceName);
            }
        }

        @Override
        public boolean isServerUp() {
            return up && !shutdown;
        }

        @Override
        public void shutdown() {
            shutdown = true;
            operations.add("shutdown");
            // Ephemeral instances vanish with the connection.
            List<String> touched = new ArrayList<>();
            synchronized (InMemoryNacos.this) {
                for (Map.Entry<String, Map<Client, List<Instance>>> entry : registrations.entrySet()) {
                    if (entry.getValue().remove(this) != null) {
                        touched.add(entry.getKey());
                    }
                }
            }
            for (String key : touched) {
                String[] parts = key.split("@@", 2);
                changed(parts[0], parts[1]);
            }
        }
    }
}
