package dev.nacosapp.dubbo.discovery.internal.client;

import com.alibaba.nacos.api.exception.NacosException;
import com.alibaba.nacos.api.naming.listener.EventListener;
import com.alibaba.nacos.api.naming.pojo.Instance;
import com.alibaba.nacos.api.naming.pojo.ListView;
import com.alibaba.nacos.client.naming.event.InstancesDiff;
import com.alibaba.nacos.client.naming.listener.NamingChangeEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory Nacos for unit tests: one server state shared by the clients it creates, with Nacos 2.x's rule that a
 * client holds one registration per service (a single instance or one batch). Thread-safe.
 *
 * <p>Each client behaves like nacos-client 2.5.1 where it matters to this library (read from its sources):
 * <ul>
 *   <li>Listeners are notified only when the client's cached list of the service changes, as
 *       {@code ServiceInfoHolder.processServiceInfo} decides with {@code InstancesDiffer}: instances keyed by
 *       {@code ip:port}, an instance whose {@code toString()} differs is modified. The event is a
 *       {@link NamingChangeEvent} carrying that diff; its added and modified instances are the very objects of its
 *       instance list, and every push gives each client new instance objects (the server's JSON parsed again).
 *   <li>The cache outlives subscriptions and starts with the {@linkplain #preloadCache disk cache} when the client's
 *       properties say {@code namingLoadCacheAtStart=true}. So the answer to {@code subscribe} notifies nobody when
 *       it equals the cache (a disk cache, or what an earlier subscription left), and a service without instances
 *       notifies nobody when nothing was cached.
 *   <li>{@code subscribe} registers the listener, gives it alone the cached list if the service is already
 *       subscribed ({@code notifyIfSubscribed}), then sends the request only when the service is not yet subscribed;
 *       the redo data is stored before the request, so a failed request leaves both listener and redo data behind.
 *       {@code unsubscribe} drops the listener and sends a request only when it was the service's last listener.
 *   <li>{@code cachedInstances} is {@code getAllInstances(subscribe=true)}: answered from the cache when subscribed;
 *       else it subscribes (without a listener), falling back to a cached list when that fails.
 *       {@code getAllInstances} queries the server without touching the cache.
 *   <li>Whatever failed is completed by {@link #redo()} (nacos-client's redo task, every 3 s while connected), which
 *       also runs when the server comes back ({@link #setUp}); a redone subscription is followed by the server's push.
 *   <li>After {@code shutdown()} every request fails with {@code CLIENT_DISCONNECT} ("Client not connected, current
 *       status:SHUTDOWN") and no listener is notified again; {@code cachedInstances} still answers from a cached list,
 *       as nacos-client's fallback to its cache does.
 * </ul>
 *
 * <p>Where it still differs: listeners are called synchronously on the thread that caused the change (nacos-client
 * calls them on its {@code NotifyCenter} publisher thread, after the call returned or not); the server pushes at once
 * rather than after ~0.5 s and does not push again after a subscribe that was answered; {@code lastRefTime} (the
 * out-of-date check), failover, cluster selection and nacos-client's own empty-push protection are not modelled.
 */
public final class InMemoryNacos implements NamingOperationsFactory {
    private static final String LOAD_CACHE_AT_START = "namingLoadCacheAtStart";

    /** The key of what {@link #publish} puts in the server's state: instances registered by other processes. */
    private static final Object OTHER_PROCESSES = new Object();

    private final Map<String, Map<Object, List<Instance>>> registrations = new LinkedHashMap<>();
    private final List<Client> clients = new CopyOnWriteArrayList<>();
    private final List<Properties> createdWith = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresToInject = new AtomicInteger();
    private volatile int injectedCode = NacosException.SERVER_ERROR;
    private volatile String injectedMessage = "injected failure";
    private final List<String> operations = new CopyOnWriteArrayList<>();
    private volatile boolean up = true;
    private final Map<String, List<Instance>> diskCache = new HashMap<>();
    private final java.util.concurrent.atomic.AtomicReference<Runnable> beforeNextQueryAnswer =
            new java.util.concurrent.atomic.AtomicReference<>();

    /**
     * Runs the action once, in the next {@code getAllInstances} after the server read its answer and before the
     * client gets it: what happens in the meantime (a push) is newer than that answer.
     */
    public void beforeNextQueryAnswer(Runnable action) {
        beforeNextQueryAnswer.set(action);
    }

    /** Every successful call, e.g. "register orders 10.0.0.1:1", "batch orders 2", "shutdown", in order. */
    public List<String> operations() {
        return operations;
    }

    @Override
    public NamingOperations create(Properties properties) {
        createdWith.add(properties);
        boolean loadCache = Boolean.parseBoolean(properties.getProperty(LOAD_CACHE_AT_START));
        Client client;
        synchronized (this) {
            client = new Client(loadCache ? diskCache : Collections.emptyMap());
        }
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

    /**
     * Clients created from now on with {@code namingLoadCacheAtStart=true} start with this list cached on disk for the
     * service.
     */
    public synchronized void preloadCache(String group, String service, List<Instance> instances) {
        diskCache.put(group + "@@" + service, copies(service, instances));
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
        Map<Object, List<Instance>> byClient = registrations.get(group + "@@" + service);
        if (byClient != null) {
            byClient.values().forEach(all::addAll);
        }
        return all;
    }

    /** The {@code ip:port} of every instance registered for the service in the group. */
    public synchronized List<String> addresses(String group, String service) {
        List<String> addresses = new ArrayList<>();
        for (Instance instance : instances(group, service)) {
            addresses.add(instance.toInetAddr());
        }
        return addresses;
    }

    /** How many listeners the open clients hold for the service (nacos-client's {@code InstancesChangeNotifier}). */
    public synchronized int subscriberCount(String group, String service) {
        String key = group + "@@" + service;
        int count = 0;
        for (Client client : clients) {
            if (!client.shutdown) {
                count += client.listeners
                        .getOrDefault(key, Collections.emptyList())
                        .size();
            }
        }
        return count;
    }

    /**
     * How many open clients the server pushes the service to, listener or not, plus those whose redo task will
     * subscribe it once the server answers.
     */
    public synchronized int subscribedClients(String group, String service) {
        String key = group + "@@" + service;
        int count = 0;
        for (Client client : clients) {
            if (!client.shutdown && (client.subscribed.contains(key) || client.subscribeRedo.contains(key))) {
                count++;
            }
        }
        return count;
    }

    /**
     * Makes the instances of other processes (not of this double's clients) what the server holds for the service,
     * and pushes the service's new list to its subscribers, as registrations elsewhere would: queries answer it too.
     */
    public void publish(String group, String service, List<Instance> instances) {
        synchronized (this) {
            registrations
                    .computeIfAbsent(group + "@@" + service, k -> new LinkedHashMap<>())
                    .put(OTHER_PROCESSES, copies(service, instances));
        }
        changed(group, service);
    }

    /**
     * Pushes an arbitrary list to every client subscribed to the service, whatever the server holds: a bogus push
     * (queries still answer what the server holds, see {@link #publish}).
     */
    public void push(String group, String service, List<Instance> instances) {
        String key = group + "@@" + service;
        for (Client client : clients) {
            boolean subscribed;
            synchronized (this) {
                subscribed = !client.shutdown && client.subscribed.contains(key);
            }
            if (subscribed) {
                client.process(service, group, copies(service, instances));
            }
        }
    }

    private void changed(String group, String service) {
        push(group, service, instances(group, service));
    }

    private void check(boolean shutdown) throws NacosException {
        if (shutdown) {
            throw new NacosException(NacosException.CLIENT_DISCONNECT, "Client not connected, current status:SHUTDOWN");
        }
        if (!up) {
            throw new NacosException(NacosException.CLIENT_DISCONNECT, "Client not connected, current status:STARTING");
        }
        if (failuresToInject.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new NacosException(injectedCode, injectedMessage);
        }
    }

    /** New objects for every instance, as each client parses the server's JSON into objects of its own. */
    private static List<Instance> copies(String service, List<Instance> instances) {
        List<Instance> copies = new ArrayList<>(instances.size());
        instances.forEach(i -> copies.add(copy(service, i)));
        return copies;
    }

    private static Instance copy(String service, Instance instance) {
        Instance copy = new Instance();
        copy.setInstanceId(instance.getInstanceId());
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

    /** nacos-client's {@code InstancesDiffer.doDiff}: null when nothing changed. */
    private static InstancesDiff diff(List<Instance> old, List<Instance> now) {
        InstancesDiff diff = new InstancesDiff();
        if (old == null) {
            diff.setAddedInstances(now);
            return diff.hasDifferent() ? diff : null;
        }
        Map<String, Instance> oldByAddress = new HashMap<>();
        old.forEach(i -> oldByAddress.put(i.toInetAddr(), i));
        Map<String, Instance> nowByAddress = new HashMap<>();
        now.forEach(i -> nowByAddress.put(i.toInetAddr(), i));
        List<Instance> added = new ArrayList<>();
        List<Instance> modified = new ArrayList<>();
        List<Instance> removed = new ArrayList<>();
        nowByAddress.forEach((address, instance) -> {
            Instance before = oldByAddress.get(address);
            if (before == null) {
                added.add(instance);
            } else if (!before.toString().equals(instance.toString())) {
                modified.add(instance);
            }
        });
        oldByAddress.forEach((address, instance) -> {
            if (!nowByAddress.containsKey(address)) {
                removed.add(instance);
            }
        });
        diff.setAddedInstances(added);
        diff.setModifiedInstances(modified);
        diff.setRemovedInstances(removed);
        return diff.hasDifferent() ? diff : null;
    }

    /** One nacos-client connection. */
    final class Client implements NamingOperations {
        volatile boolean shutdown;
        /** Registrations whose request failed, by service key, for the redo task. Guarded by InMemoryNacos.this. */
        private final Map<String, List<Instance>> redoRegistrations = new LinkedHashMap<>();
        /** Listeners per service key ({@code InstancesChangeNotifier}). Guarded by InMemoryNacos.this. */
        private final Map<String, List<EventListener>> listeners = new HashMap<>();
        /** Service keys the server pushes to this client. Guarded by InMemoryNacos.this. */
        private final Set<String> subscribed = new HashSet<>();
        /** Service keys whose subscribe request failed, for the redo task. Guarded by InMemoryNacos.this. */
        private final Set<String> subscribeRedo = new HashSet<>();
        /** Service keys whose unsubscribe request failed, for the redo task. Guarded by InMemoryNacos.this. */
        private final Set<String> unsubscribeRedo = new HashSet<>();
        /** The cached list per service key ({@code ServiceInfoHolder}). Guarded by InMemoryNacos.this. */
        private final Map<String, List<Instance>> cache;
        /** Serialises the processing of pushes and the notifications, in order, like nacos-client's event thread. */
        private final Object notifications = new Object();

        Client(Map<String, List<Instance>> diskCache) {
            this.cache = new HashMap<>(diskCache);
        }

        void redo() {
            if (!up || shutdown) {
                return;
            }
            Map<String, List<Instance>> registrationsToRedo;
            List<String> subscriptionsToRedo;
            List<String> unsubscriptionsToRedo;
            synchronized (InMemoryNacos.this) {
                registrationsToRedo = new LinkedHashMap<>(redoRegistrations);
                subscriptionsToRedo = new ArrayList<>(subscribeRedo);
                unsubscriptionsToRedo = new ArrayList<>(unsubscribeRedo);
            }
            registrationsToRedo.forEach((key, instances) -> {
                String[] parts = key.split("@@", 2);
                try {
                    batchRegisterInstance(parts[1], parts[0], instances);
                } catch (NacosException e) {
                    // stays for the next redo
                }
            });
            for (String key : subscriptionsToRedo) {
                String[] parts = key.split("@@", 2);
                try {
                    // The redo task ignores the answer; the server then pushes the list to the new subscriber.
                    requestSubscribe(parts[1], parts[0]);
                    process(parts[1], parts[0], copies(parts[1], instances(parts[0], parts[1])));
                } catch (NacosException e) {
                    // stays for the next redo
                }
            }
            for (String key : unsubscriptionsToRedo) {
                String[] parts = key.split("@@", 2);
                try {
                    requestUnsubscribe(parts[1], parts[0]);
                } catch (NacosException e) {
                    // stays for the next redo
                }
            }
        }

        @Override
        public void registerInstance(String serviceName, String group, Instance instance) throws NacosException {
            batchRegisterInstance(serviceName, group, Collections.singletonList(instance));
        }

        @Override
        public void batchRegisterInstance(String serviceName, String group, List<Instance> instances)
                throws NacosException {
            synchronized (InMemoryNacos.this) {
                if (!shutdown) {
                    redoRegistrations.put(group + "@@" + serviceName, new ArrayList<>(instances));
                }
            }
            check(shutdown);
            synchronized (InMemoryNacos.this) {
                redoRegistrations.remove(group + "@@" + serviceName);
                registrations
                        .computeIfAbsent(group + "@@" + serviceName, k -> new LinkedHashMap<>())
                        .put(this, copies(serviceName, instances));
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
            check(shutdown);
            synchronized (InMemoryNacos.this) {
                Map<Object, List<Instance>> byClient = registrations.get(group + "@@" + serviceName);
                if (byClient != null) {
                    byClient.remove(this);
                }
                operations.add("deregister " + serviceName + " " + instance.toInetAddr());
            }
            changed(group, serviceName);
        }

        @Override
        public List<Instance> getAllInstances(String serviceName, String group) throws NacosException {
            check(shutdown);
            List<Instance> answer = copies(serviceName, instances(group, serviceName));
            Runnable meanwhile = beforeNextQueryAnswer.getAndSet(null);
            if (meanwhile != null) {
                meanwhile.run();
            }
            return answer;
        }

        @Override
        public List<Instance> cachedInstances(String serviceName, String group) throws NacosException {
            String key = group + "@@" + serviceName;
            List<Instance> cached;
            boolean isSubscribed;
            synchronized (InMemoryNacos.this) {
                cached = cache.get(key);
                isSubscribed = subscribed.contains(key);
            }
            if (cached == null) {
                return new ArrayList<>(subscribeService(serviceName, group));
            }
            if (isSubscribed) {
                return new ArrayList<>(cached);
            }
            // Cached (from disk, or by an earlier subscription) but not subscribed: nacos-client subscribes now and
            // answers from the cache if that fails.
            try {
                return new ArrayList<>(subscribeService(serviceName, group));
            } catch (NacosException e) {
                return new ArrayList<>(cached);
            }
        }

        @Override
        public ListView<String> getServicesOfServer(int pageNo, int pageSize, String group) throws NacosException {
            check(shutdown);
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
            List<Instance> cached;
            boolean isSubscribed;
            synchronized (InMemoryNacos.this) {
                List<EventListener> registered = listeners.computeIfAbsent(key, k -> new ArrayList<>());
                if (!registered.contains(listener)) {
                    registered.add(listener);
                }
                cached = cache.get(key);
                isSubscribed = subscribed.contains(key);
            }
            if (isSubscribed && cached != null) {
                // notifyIfSubscribed: the new listener alone is given the cached list, all of it as added.
                InstancesDiff all = new InstancesDiff();
                all.setAddedInstances(cached);
                if (all.hasDifferent()) {
                    synchronized (notifications) {
                        notify(listener, serviceName, group, cached, all);
                    }
                }
            }
            subscribeService(serviceName, group);
        }

        /** {@code NamingClientProxyDelegate.subscribe}: asks the server unless subscribed, processes the answer. */
        private List<Instance> subscribeService(String serviceName, String group) throws NacosException {
            String key = group + "@@" + serviceName;
            synchronized (InMemoryNacos.this) {
                List<Instance> cached = cache.get(key);
                if (cached != null && subscribed.contains(key)) {
                    return cached;
                }
            }
            requestSubscribe(serviceName, group);
            List<Instance> answer = copies(serviceName, instances(group, serviceName));
            process(serviceName, group, answer);
            return answer;
        }

        private void requestSubscribe(String serviceName, String group) throws NacosException {
            String key = group + "@@" + serviceName;
            synchronized (InMemoryNacos.this) {
                // nacos-client caches the redo data before sending the request.
                if (!shutdown) {
                    subscribeRedo.add(key);
                    unsubscribeRedo.remove(key);
                }
            }
            check(shutdown);
            synchronized (InMemoryNacos.this) {
                subscribeRedo.remove(key);
                subscribed.add(key);
                operations.add("subscribe " + serviceName);
            }
        }

        /** {@code ServiceInfoHolder.processServiceInfo}: caches the list, notifies the listeners if it changed. */
        void process(String serviceName, String group, List<Instance> hosts) {
            String key = group + "@@" + serviceName;
            synchronized (notifications) {
                InstancesDiff diff;
                List<EventListener> targets;
                synchronized (InMemoryNacos.this) {
                    if (shutdown) {
                        return;
                    }
                    diff = diff(cache.put(key, hosts), hosts);
                    targets = new ArrayList<>(listeners.getOrDefault(key, Collections.emptyList()));
                }
                if (diff == null) {
                    return;
                }
                for (EventListener listener : targets) {
                    notify(listener, serviceName, group, hosts, diff);
                }
            }
        }

        /** {@code NamingSelectorWrapper}: each listener gets a diff of its own over the same instance objects. */
        private void notify(
                EventListener listener, String serviceName, String group, List<Instance> hosts, InstancesDiff diff) {
            if (shutdown) {
                return;
            }
            InstancesDiff own = new InstancesDiff(
                    diff.getAddedInstances(), diff.getRemovedInstances(), diff.getModifiedInstances());
            listener.onEvent(new NamingChangeEvent(serviceName, group, "", hosts, own));
        }

        @Override
        public void unsubscribe(String serviceName, String group, EventListener listener) throws NacosException {
            String key = group + "@@" + serviceName;
            boolean last;
            synchronized (InMemoryNacos.this) {
                List<EventListener> registered = listeners.get(key);
                if (registered != null) {
                    registered.remove(listener);
                    if (registered.isEmpty()) {
                        listeners.remove(key);
                    }
                }
                last = !listeners.containsKey(key);
            }
            if (last) {
                requestUnsubscribe(serviceName, group);
            }
        }

        private void requestUnsubscribe(String serviceName, String group) throws NacosException {
            String key = group + "@@" + serviceName;
            synchronized (InMemoryNacos.this) {
                // nacos-client marks the redo data before sending the request: a subscription the server never
                // confirmed is simply forgotten, a confirmed one is taken back by the redo task if the request fails.
                subscribeRedo.remove(key);
                if (subscribed.contains(key) && !shutdown) {
                    unsubscribeRedo.add(key);
                }
            }
            check(shutdown);
            synchronized (InMemoryNacos.this) {
                unsubscribeRedo.remove(key);
                subscribed.remove(key);
                operations.add("unsubscribe " + serviceName);
            }
        }

        @Override
        public boolean isServerUp() {
            return up && !shutdown;
        }

        @Override
        public void shutdown() {
            List<String> touched = new ArrayList<>();
            synchronized (InMemoryNacos.this) {
                shutdown = true;
                operations.add("shutdown");
                // The redo service forgets everything; ephemeral instances vanish with the connection.
                redoRegistrations.clear();
                subscribeRedo.clear();
                unsubscribeRedo.clear();
                subscribed.clear();
                for (Map.Entry<String, Map<Object, List<Instance>>> entry : registrations.entrySet()) {
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
