package dev.nacosapp.dubbo.discovery.client;

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

    /** Whether clients see a server. While down every call fails like an unreachable Nacos. */
    public void setUp(boolean up) {
        this.up = up;
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

        @Override
        public void registerInstance(String serviceName, String group, Instance instance) throws NacosException {
            batchRegisterInstance(serviceName, group, Collections.singletonList(instance));
        }

        @Override
        public void batchRegisterInstance(String serviceName, String group, List<Instance> instances)
                throws NacosException {
            check();
            synchronized (InMemoryNacos.this) {
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
            check();
            synchronized (InMemoryNacos.this) {
                List<EventListener> listeners =
                        subscribers.computeIfAbsent(group + "@@" + serviceName, k -> new ArrayList<>());
                if (!listeners.contains(listener)) {
                    listeners.add(listener);
                }
                operations.add("subscribe " + serviceName);
            }
            List<Instance> current = instances(group, serviceName);
            if (!current.isEmpty()) {
                // nacos-client fires once on subscribe when the service already has instances.
                listener.onEvent(new NamingEvent(serviceName, group, "", current));
            }
        }

        @Override
        public void unsubscribe(String serviceName, String group, EventListener listener) throws NacosException {
            check();
            synchronized (InMemoryNacos.this) {
                List<EventListener> listeners = subscribers.get(group + "@@" + serviceName);
                if (listeners != null) {
                    listeners.remove(listener);
                }
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
