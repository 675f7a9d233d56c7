package dev.nacosapp.dubbo.discovery.internal.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nacosapp.dubbo.discovery.internal.config.NacosAppConfig;
import dev.nacosapp.dubbo.discovery.internal.config.NacosAppConfigParser;
import org.apache.dubbo.common.URL;
import org.junit.jupiter.api.Test;

class NamingClientPoolTest {
    private final InMemoryNacos nacos = new InMemoryNacos();
    private final NamingClientPool pool = new NamingClientPool(nacos);

    private static NacosAppConfig config(String url) {
        return NacosAppConfigParser.system().parse(URL.valueOf(url));
    }

    @Test
    void sharesOneClientPerServersNamespaceAndCredentials() throws Exception {
        SharedNamingClient a = pool.acquire(config("nacos-app://127.0.0.1:8848?group=A&selector=env:prod"));
        SharedNamingClient b = pool.acquire(config("nacos-app://127.0.0.1:8848?group=B&cluster-name=x"));
        SharedNamingClient otherNamespace = pool.acquire(config("nacos-app://127.0.0.1:8848?namespace=dev"));
        SharedNamingClient otherUser = pool.acquire(config("nacos-app://u:p@127.0.0.1:8848"));
        SharedNamingClient otherServer = pool.acquire(config("nacos-app://127.0.0.1:8849"));

        assertThat(b).isSameAs(a);
        assertThat(otherNamespace).isNotSameAs(a);
        assertThat(otherUser).isNotSameAs(a).isNotSameAs(otherNamespace);
        assertThat(otherServer).isNotSameAs(a);
        assertThat(pool.size()).isEqualTo(4);
        assertThat(nacos.clientsCreated()).hasSize(4);
    }

    @Test
    void closesAClientWhenItsLastUserReleasesIt() throws Exception {
        NacosAppConfig config = config("nacos-app://127.0.0.1:8848");
        SharedNamingClient first = pool.acquire(config);
        SharedNamingClient second = pool.acquire(config);

        pool.release(first);
        assertThat(nacos.openClients()).isEqualTo(1);
        pool.release(second);
        assertThat(nacos.openClients()).isZero();
        assertThat(pool.size()).isZero();

        pool.release(second);
        assertThat(pool.acquire(config))
                .as("a fresh client after the old one closed")
                .isNotSameAs(first);
    }

    @Test
    void closeAllShutsEveryClientDown() throws Exception {
        pool.acquire(config("nacos-app://127.0.0.1:8848"));
        pool.acquire(config("nacos-app://127.0.0.1:8848?namespace=dev"));

        pool.closeAll();

        assertThat(nacos.openClients()).isZero();
        assertThat(pool.size()).isZero();
    }
}
