package dev.nacosapp.dubbo.discovery.internal.metadata;

import com.alibaba.nacos.api.config.listener.Listener;
import com.alibaba.nacos.api.exception.NacosException;
import com.alibaba.nacos.client.config.utils.ParamUtils;
import com.alibaba.nacos.common.utils.MD5Utils;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * An in-memory Nacos config server with the config clients it creates, for unit tests. Thread-safe.
 *
 * <p>The server keeps the real 2.5.1 server's rules where this library depends on them: compare-and-set is atomic (of
 * two writes with the same MD5 exactly one wins), a blank MD5 overwrites, a config that does not exist is created
 * whatever the MD5. Its parameter check (on by default) refuses a listen request naming a data id outside
 * {@code [a-zA-Z0-9-_:.]} ("Param 'dataId' is illegal"), and refuses the whole batch: see below.
 *
 * <p>Each client behaves like nacos-client 2.5.1's {@code NacosConfigService} where it matters (read from its
 * sources: {@code NacosConfigService}, {@code ClientWorker}, {@code CacheData}, {@code ParamUtils}):
 *
 * <ul>
 *   <li>{@code getConfig}, {@code publishConfig(Cas)} and {@code removeConfig} check the data id and group on the
 *       client with nacos-client's own {@code ParamUtils}: a {@code $} (a nested interface {@code Outer$Inner}) throws
 *       {@code NacosException} {@code CLIENT_INVALID_PARAM} "dataId invalid" before anything is sent; a blank content
 *       is refused the same way ("content invalid"). {@code addListener} checks nothing.
 *   <li>Listeners are called on the client's own notifier thread, never on the caller's, one at a time; a listener is
 *       called only when the content's MD5 differs from the one it was last called with, with the content the client
 *       holds when the call runs (so quick successive changes may reach it as one). A removed config reaches it as
 *       {@code null}. A listener added to a config the client did not listen to yet gets the current content, if any
 *       (the first listen finds the client's empty cache out of date); one added next to others starts from what the
 *       client already holds and is not called with it.
 *   <li>The client listens to all its configs in one batch request, which the server refuses whole when one data id
 *       is illegal: while a client has a listener on such a data id, none of its listeners hears anything.
 *   <li>While the server is {@linkplain #setDown down}: {@code getConfig} returns the client's snapshot (the content it
 *       last read, or {@code null}), as nacos-client falls back to its snapshot on any error but {@code NO_RIGHT};
 *       {@code publishConfig(Cas)} return {@code false} (nacos-client catches every failure of the request);
 *       {@code removeConfig} throws {@code CLIENT_DISCONNECT}; no listener is called. When the server is back, every
 *       listened config is checked again.
 *   <li>After {@code shutdown()} no listener is called again (nacos-client stops its listen loop). Every later call
 *       throws {@link IllegalStateException}: stricter than nacos-client 2.5.1, whose {@code getConfig},
 *       {@code publishConfig} and {@code removeConfig} after {@code shutDown()} quietly create and start a new gRPC
 *       client ({@code ensureRpcClient} finds none left) that nothing shuts down, and whose {@code addListener} and
 *       {@code removeListener} still succeed on its local cache; any such use by the library is a leak, so the double
 *       makes it fail loudly.
 * </ul>
 *
 * <p>Where it still differs: no failover files or disk snapshots shared between clients; no config filters,
 * encryption, tags, beta or types; the server does not check the group or the length of a data id; listener
 * executors ({@code Listener.getExecutor()}) are ignored (the library supplies none); a change reaches listeners at
 * once rather than after the server's push and the client's query.
 */
public final class InMemoryConfig implements ConfigOperationsFactory {
    /** nacos-client's MD5 of no content ({@code Constants.NULL}). */
    private static final String NO_CONTENT_MD5 = "";

    private final Map<String, String> configs = new HashMap<>();
    private final List<Client> clients = new CopyOnWriteArrayList<>();
    private volatile boolean down;

    /**
     * While down, reads answer from each client's snapshot, writes fail, and nobody is notified; coming back checks
     * every listened config.
     */
    public void setDown(boolean down) {
        this.down = down;
        if (!down) {
            for (Client client : clients) {
                client.checkAll();
            }
        }
    }

    @Override
    public ConfigOperations create(Properties properties) {
        Client client = new Client(clients.size());
        clients.add(client);
        return client;
    }

    public int clientsCreated() {
        return clients.size();
    }

    public synchronized String get(String dataId, String group) {
        return configs.get(key(dataId, group));
    }

    /** Writes as another application would (a built-in Dubbo, an operator); {@code null} removes. */
    public void put(String dataId, String group, String content) {
        store(dataId, group, content);
    }

    /** How many listeners all clients hold on a config, whatever the state of the client. */
    public int listenerCount(String dataId, String group) {
        int count = 0;
        for (Client client : clients) {
            count += client.listenerCount(key(dataId, group));
        }
        return count;
    }

    /** Waits until every notification caused so far has been delivered. */
    public void awaitNotified() throws Exception {
        for (Client client : clients) {
            client.awaitNotified();
        }
    }

    private static String key(String dataId, String group) {
        return group + "/" + dataId;
    }

    private static String md5(String content) {
        return content == null ? NO_CONTENT_MD5 : MD5Utils.md5Hex(content, StandardCharsets.UTF_8.name());
    }

    private void store(String dataId, String group, String content) {
        synchronized (this) {
            if (content == null) {
                configs.remove(key(dataId, group));
            } else {
                configs.put(key(dataId, group), content);
            }
        }
        changed(key(dataId, group));
    }

    private void changed(String key) {
        for (Client client : clients) {
            client.check(key);
        }
    }

    private final class Client implements ConfigOperations {
        private final ExecutorService notifier;
        /** The client's listened configs by key; guarded by {@code this}. */
        private final Map<String, Cache> caches = new HashMap<>();
        /** The content each config had when this client last read it; guarded by {@code this}. */
        private final Map<String, String> snapshots = new HashMap<>();

        private volatile boolean shutdown;

        Client(int index) {
            notifier = Executors.newSingleThreadExecutor(task -> {
                Thread thread = new Thread(task, "nacos.client.config.listener.task-0-inmemory-" + index);
                thread.setDaemon(true);
                return thread;
            });
        }

        @Override
        public String getConfig(String dataId, String group, long timeoutMillis) throws NacosException {
            checkOpen();
            ParamUtils.checkKeyParam(dataId, group);
            String key = key(dataId, group);
            synchronized (this) {
                if (down) {
                    return snapshots.get(key);
                }
                String content = get(dataId, group);
                snapshots.put(key, content);
                return content;
            }
        }

        @Override
        public boolean publishConfig(String dataId, String group, String content) throws NacosException {
            checkOpen();
            ParamUtils.checkParam(dataId, group, content);
            if (down) {
                return false;
            }
            store(dataId, group, content);
            return true;
        }

        @Override
        public boolean publishConfigCas(String dataId, String group, String content, String casMd5)
                throws NacosException {
            checkOpen();
            ParamUtils.checkParam(dataId, group, content);
            if (down) {
                return false;
            }
            synchronized (InMemoryConfig.this) {
                String current = get(dataId, group);
                if (current != null && casMd5 != null && !casMd5.isEmpty() && !casMd5.equals(md5(current))) {
                    return false;
                }
                configs.put(key(dataId, group), content);
            }
            changed(key(dataId, group));
            return true;
        }

        @Override
        public boolean removeConfig(String dataId, String group) throws NacosException {
            checkOpen();
            ParamUtils.checkKeyParam(dataId, group);
            if (down) {
                throw new NacosException(
                        NacosException.CLIENT_DISCONNECT, "Client not connected, current status:UNHEALTHY");
            }
            store(dataId, group, null);
            return true;
        }

        @Override
        public void addListener(String dataId, String group, Listener listener) {
            checkOpen();
            String key = key(dataId, group);
            boolean firstListen;
            synchronized (this) {
                Cache cache = caches.get(key);
                firstListen = cache == null;
                if (firstListen) {
                    cache = new Cache(ParamUtils.isValid(dataId));
                    caches.put(key, cache);
                }
                cache.add(listener);
            }
            if (firstListen) {
                checkAll();
            }
        }

        @Override
        public void removeListener(String dataId, String group, Listener listener) {
            checkOpen();
            String key = key(dataId, group);
            boolean emptied;
            synchronized (this) {
                Cache cache = caches.get(key);
                if (cache == null) {
                    return;
                }
                cache.wraps.removeIf(wrap -> wrap.listener.equals(listener));
                emptied = cache.wraps.isEmpty();
                if (emptied) {
                    caches.remove(key);
                }
            }
            if (emptied) {
                // The batch listen may be accepted again once an illegal data id is gone.
                checkAll();
            }
        }

        @Override
        public void shutdown() {
            shutdown = true;
            notifier.shutdown();
        }

        private void checkOpen() {
            if (shutdown) {
                throw new IllegalStateException("InMemoryConfig: a config client was used after shutdown(); a real"
                        + " nacos-client 2.5.1 would open a gRPC connection that nothing closes");
            }
        }

        synchronized int listenerCount(String key) {
            Cache cache = caches.get(key);
            return cache == null ? 0 : cache.wraps.size();
        }

        void checkAll() {
            List<String> keys;
            synchronized (this) {
                keys = new ArrayList<>(caches.keySet());
            }
            for (String key : keys) {
                check(key);
            }
        }

        void check(String key) {
            synchronized (this) {
                if (!caches.containsKey(key)) {
                    return;
                }
            }
            try {
                notifier.execute(() -> notifyListeners(key));
            } catch (RejectedExecutionException e) {
                // Shut down: nacos-client's listen loop has stopped.
            }
        }

        private void notifyListeners(String key) {
            if (shutdown || down) {
                return;
            }
            String content;
            List<Wrap> due = new ArrayList<>();
            synchronized (this) {
                Cache cache = caches.get(key);
                if (cache == null || caches.values().stream().anyMatch(c -> !c.legal)) {
                    return;
                }
                synchronized (InMemoryConfig.this) {
                    content = configs.get(key);
                }
                cache.md5 = md5(content);
                for (Wrap wrap : cache.wraps) {
                    if (!cache.md5.equals(wrap.lastCallMd5)) {
                        wrap.lastCallMd5 = cache.md5;
                        due.add(wrap);
                    }
                }
            }
            for (Wrap wrap : due) {
                try {
                    wrap.listener.receiveConfigInfo(content);
                } catch (RuntimeException e) {
                    // nacos-client logs a listener's failure and goes on with the next one.
                }
            }
        }

        void awaitNotified() throws Exception {
            if (shutdown) {
                return;
            }
            Future<?> marker;
            try {
                marker = notifier.submit(() -> {});
            } catch (RejectedExecutionException e) {
                return;
            }
            marker.get(10, TimeUnit.SECONDS);
        }
    }

    /** One listened config of one client: the MD5 of what it holds and its listeners. */
    private static final class Cache {
        final boolean legal;
        final List<Wrap> wraps = new ArrayList<>();
        String md5 = NO_CONTENT_MD5;

        Cache(boolean legal) {
            this.legal = legal;
        }

        void add(Listener listener) {
            for (Wrap wrap : wraps) {
                if (wrap.listener.equals(listener)) {
                    return;
                }
            }
            wraps.add(new Wrap(listener, md5));
        }
    }

    private static final class Wrap {
        final Listener listener;
        String lastCallMd5;

        Wrap(Listener listener, String lastCallMd5) {
            this.listener = listener;
            this.lastCallMd5 = lastCallMd5;
        }
    }
}
