package dev.nacosapp.testkit.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.alibaba.nacos.api.config.ConfigService;
import com.alibaba.nacos.api.exception.runtime.NacosRuntimeException;
import com.alibaba.nacos.api.naming.NamingService;
import dev.nacosapp.testkit.support.ConfigClients;
import dev.nacosapp.testkit.support.NamingClients;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * nacos-client 3.x's fuzzy watch, which the embedded server does not implement and does not advertise: the client
 * refuses it itself, before sending anything. The API exists only in 3.x, so it is looked up by name (public methods
 * only) and the tests are skipped on 2.x.
 */
class FuzzyWatchTest {

    private static final String NAMING_WATCHER = "com.alibaba.nacos.api.naming.listener.FuzzyWatchEventWatcher";

    private static final String CONFIG_WATCHER = "com.alibaba.nacos.api.config.listener.FuzzyWatchEventWatcher";

    // NacosException.SERVER_NOT_IMPLEMENTED, a constant that only 3.x has.
    private static final int SERVER_NOT_IMPLEMENTED = 501;

    private static EmbeddedNacosServer server;

    private final NamingClients namingClients = new NamingClients();

    private final ConfigClients configClients = new ConfigClients();

    @BeforeAll
    static void startServer() {
        server = EmbeddedNacosServer.builder().build().start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @AfterEach
    void shutDownClients() throws Exception {
        namingClients.close();
        configClients.close();
    }

    @Test
    void namingFuzzyWatchIsRefusedAsNotImplemented() throws Exception {
        Class<?> watcherType = fuzzyWatchApi(NAMING_WATCHER);
        NamingService naming = namingClients.create(server.serverAddr());
        Method fuzzyWatch = NamingService.class.getMethod("fuzzyWatch", String.class, watcherType);

        assertThatThrownBy(() -> invoke(fuzzyWatch, naming, "DEFAULT_GROUP", watcher(watcherType)))
                .isInstanceOfSatisfying(NacosRuntimeException.class, e -> assertThat(e.getErrCode())
                        .isEqualTo(SERVER_NOT_IMPLEMENTED));
    }

    @Test
    void configFuzzyWatchIsRefusedAsNotImplemented() throws Exception {
        Class<?> watcherType = fuzzyWatchApi(CONFIG_WATCHER);
        ConfigService config = configClients.create(server.serverAddr());
        Method fuzzyWatch = ConfigService.class.getMethod("fuzzyWatch", String.class, watcherType);

        assertThatThrownBy(() -> invoke(fuzzyWatch, config, "mapping", watcher(watcherType)))
                .isInstanceOfSatisfying(NacosRuntimeException.class, e -> assertThat(e.getErrCode())
                        .isEqualTo(SERVER_NOT_IMPLEMENTED));
    }

    private static Class<?> fuzzyWatchApi(String watcherType) {
        try {
            return Class.forName(watcherType);
        } catch (ClassNotFoundException e) {
            assumeTrue(false, "this nacos-client (2.x) has no fuzzy watch");
            throw new AssertionError(e);
        }
    }

    private static Object watcher(Class<?> watcherType) {
        return Proxy.newProxyInstance(
                watcherType.getClassLoader(),
                new Class<?>[] {watcherType},
                (proxy, method, args) -> switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "test watcher";
                    default -> null;
                });
    }

    private static void invoke(Method method, Object target, Object... args) throws Throwable {
        try {
            method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
