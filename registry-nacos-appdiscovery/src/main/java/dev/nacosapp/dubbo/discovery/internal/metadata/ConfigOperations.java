package dev.nacosapp.dubbo.discovery.internal.metadata;

import com.alibaba.nacos.api.config.listener.Listener;
import com.alibaba.nacos.api.exception.NacosException;

/**
 * The part of nacos-client's {@code ConfigService} the metadata report uses, so that tests can stand in an in-memory
 * Nacos. Implementations must be thread-safe.
 */
public interface ConfigOperations {

    /** The content, or {@code null} when the config does not exist. */
    String getConfig(String dataId, String group, long timeoutMillis) throws NacosException;

    boolean publishConfig(String dataId, String group, String content) throws NacosException;

    /**
     * Publishes only if the stored content's MD5 is {@code casMd5}. As on a real Nacos 2.x server, a config that does
     * not exist yet is created whatever the MD5.
     */
    boolean publishConfigCas(String dataId, String group, String content, String casMd5) throws NacosException;

    boolean removeConfig(String dataId, String group) throws NacosException;

    void addListener(String dataId, String group, Listener listener) throws NacosException;

    void removeListener(String dataId, String group, Listener listener);

    void shutdown() throws NacosException;
}
