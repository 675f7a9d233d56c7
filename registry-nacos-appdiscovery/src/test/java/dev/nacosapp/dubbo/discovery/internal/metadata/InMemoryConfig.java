package dev.nacosapp.dubbo.discovery.internal.metadata;

import com.alibaba.nacos.api.config.listener.Listener;
import com.alibaba.nacos.api.exception.NacosException;
import com.alibaba.nacos.common.utils.MD5Utils;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-memory Nacos config service for unit tests, with the real 2.5.1 server's compare-and-set rules: a blank MD5
 * overwrites, a config that does not exist is created whatever the MD5, otherwise the MD5 must match. Listeners are told
 * synchronously, on every change of content and on removal (with {@code null}). Thread-safe.
 */
public final class InMemoryConfig implements ConfigOperationsFactory {
    private final Map<String, String> configs = new HashMap<>();
    private final Map<String, List<Listener>> listeners = new HashMap<>();
    private final List<ConfigOperations> clients = new CopyOnWriteArrayList<>();
    private volatile boolean down;

    /** While down every read fails as nacos-client's does when no server answers in time. */
    public void setDown(boolean down) {
        this.down = down;
    }

    @Override
    public ConfigOperations create(Properties properties) {
        ConfigOperations client = new Client();
        clients.add(client);
        return client;
    }

    public int clientsCreated() {
        return clients.size();
    }

    public synchronized String get(String dataId, String group) {
        return configs.get(group + "/" + dataId);
    }

    /** Writes as another application would (a built-in Dubbo, an operator). */
    public void put(String dataId, String group, String content) {
        store(dataId, group, content);
    }

    private void store(String dataId, String group, String content) {
        List<Listener> told;
        synchronized (this) {
            String key = group + "/" + dataId;
            if (content == null) {
                configs.remove(key);
            } else {
                configs.put(key, content);
            }
            told = new ArrayList<>(listeners.getOrDefault(key, List.of()));
        }
        for (Listener listener : told) {
            listener.receiveConfigInfo(content);
        }
    }

    private final class Client implements ConfigOperations {
        @Override
        public String getConfig(String dataId, String group, long timeoutMillis) throws NacosException {
            if (down) {
                throw new NacosException(NacosException.SERVER_ERROR, "Client not connected, current status:STARTING");
            }
            return get(dataId, group);
        }

        @Override
        public boolean publishConfig(String dataId, String group, String content) {
            store(dataId, group, content);
            return true;
        }

        @Override
        public boolean publishConfigCas(String dataId, String group, String content, String casMd5) {
            synchronized (InMemoryConfig.this) {
                String current = get(dataId, group);
                if (current != null
                        && casMd5 != null
                        && !casMd5.isEmpty()
                        && !casMd5.equals(MD5Utils.md5Hex(current, StandardCharsets.UTF_8.name()))) {
                    return false;
                }
            }
            store(dataId, group, content);
            return true;
        }

        @Override
        public boolean removeConfig(String dataId, String group) {
            store(dataId, group, null);
            return true;
        }

        @Override
        public void addListener(String dataId, String group, Listener listener) throws NacosException {
            synchronized (InMemoryConfig.this) {
                List<Listener> all = listeners.computeIfAbsent(group + "/" + dataId, k -> new ArrayList<>());
                if (!all.contains(listener)) {
                    all.add(listener);
                }
            }
        }

        @Override
        public void removeListener(String dataId, String group, Listener listener) {
            synchronized (InMemoryConfig.this) {
                listeners.getOrDefault(group + "/" + dataId, new ArrayList<>()).remove(listener);
            }
        }

        @Override
        public void shutdown() {}
    }
}
