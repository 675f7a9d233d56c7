package dev.nacosapp.dubbo.discovery.internal.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.alibaba.nacos.api.config.ConfigService;
import com.alibaba.nacos.api.config.listener.AbstractListener;
import com.alibaba.nacos.api.exception.NacosException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The wrapper of a real nacos-client config service. nacos-client 2.5.1's config service starts a new connection for
 * a read or write after {@code shutDown()}, which nothing would ever close; so after its shutdown the wrapper must not
 * hand any call to it. The config service here only records the calls it gets (a proxy, so that the test compiles
 * against both client lines, whose interfaces differ).
 */
class NacosConfigOperationsTest {
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final ConfigService recording = (ConfigService) Proxy.newProxyInstance(
            ConfigService.class.getClassLoader(), new Class<?>[] {ConfigService.class}, (proxy, method, args) -> {
                calls.add(method.getName());
                Class<?> type = method.getReturnType();
                return type == boolean.class ? Boolean.TRUE : null;
            });
    private final NacosConfigOperations operations = new NacosConfigOperations(recording);

    @Test
    void afterShutdownNoCallReachesNacosClient() throws Exception {
        operations.shutdown();
        calls.clear();

        assertThatThrownBy(() -> operations.getConfig("d", "g", 100))
                .isInstanceOf(NacosException.class)
                .hasMessageContaining("shut down");
        assertThatThrownBy(() -> operations.publishConfig("d", "g", "c")).isInstanceOf(NacosException.class);
        assertThatThrownBy(() -> operations.publishConfigCas("d", "g", "c", "m"))
                .isInstanceOf(NacosException.class);
        assertThatThrownBy(() -> operations.removeConfig("d", "g")).isInstanceOf(NacosException.class);
        AbstractListener listener = new AbstractListener() {
            @Override
            public void receiveConfigInfo(String content) {}
        };
        operations.addListener("d", "g", listener);
        operations.removeListener("d", "g", listener);

        assertThat(calls).isEmpty();
    }

    @Test
    void beforeShutdownEveryCallIsNacosClients() throws Exception {
        operations.getConfig("d", "g", 100);
        operations.publishConfig("d", "g", "c");

        assertThat(calls).containsExactly("getConfig", "publishConfig");
    }
}
