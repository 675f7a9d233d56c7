package dev.nacosapp.dubbo.discovery.internal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nacosapp.dubbo.discovery.internal.config.NacosAppConfig;
import dev.nacosapp.dubbo.discovery.internal.config.NacosAppConfigParser;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
    void aSlowClientCreationNeverHoldsUpADiscoveryOfAnotherNacos() throws Exception {
        CountDownLatch slowStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        NamingClientPool blocking = new NamingClientPool(properties -> {
            if (properties.getProperty("serverAddr").equals("127.0.0.1:8849")) {
                // A server that does not answer: nacos-client's start takes its connect attempts.
                slowStarted.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return nacos.create(properties);
        });
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<SharedNamingClient> slow =
                    threads.submit(() -> blocking.acquire(config("nacos-app://127.0.0.1:8849")));
            assertThat(slowStarted.await(10, TimeUnit.SECONDS)).isTrue();

            Future<SharedNamingClient> other =
                    threads.submit(() -> blocking.acquire(config("nacos-app://127.0.0.1:8848")));

            assertThat(other.get(10, TimeUnit.SECONDS))
                    .as("created while the other creation still waits for its server")
                    .isNotNull();
            assertThat(slow).isNotDone();
            release.countDown();
            assertThat(slow.get(10, TimeUnit.SECONDS)).isNotSameAs(other.get());
        } finally {
            release.countDown();
            threads.shutdownNow();
        }
    }

    @Test
    void aClientFinishingItsStartAfterCloseAllIsShutDownNotLeaked() throws Exception {
        CountDownLatch creating = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        NamingClientPool blocking = new NamingClientPool(properties -> {
            creating.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return nacos.create(properties);
        });
        ExecutorService threads = Executors.newSingleThreadExecutor();
        try {
            Future<SharedNamingClient> acquiring =
                    threads.submit(() -> blocking.acquire(config("nacos-app://127.0.0.1:8848")));
            assertThat(creating.await(10, TimeUnit.SECONDS)).isTrue();

            blocking.closeAll();
            release.countDown();

            assertThatThrownBy(() -> acquiring.get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("was closed while starting");
            assertThat(nacos.openClients()).isZero();
        } finally {
            release.countDown();
            threads.shutdownNow();
        }
    }

    @Test
    void startupTimeoutBoundsNacosClientsConnectAttempts() throws Exception {
        Properties derived = NamingClientPool.withConnectBound(
                new Properties(), config("nacos-app://127.0.0.1:8848?startup-timeout=2s"));
        Properties userSet = new Properties();
        userSet.setProperty(NamingClientPool.SERVER_CHECK_TIMEOUT, "900");

        // nacos-client makes retry.times (3) + 1 attempts while it starts: four of 500 ms fit in 2 s.
        assertThat(derived.getProperty(NamingClientPool.SERVER_CHECK_TIMEOUT)).isEqualTo("500");
        assertThat(NamingClientPool.withConnectBound(userSet, config("nacos-app://127.0.0.1:8848"))
                        .getProperty(NamingClientPool.SERVER_CHECK_TIMEOUT))
                .as("a value the user set wins")
                .isEqualTo("900");
    }

    @Test
    void thePoolKeyHoldsNoCredentialInClear() throws Exception {
        Properties properties =
                config("nacos-app://nacos:s3cret@127.0.0.1:8848").toClientProperties();

        assertThat(NamingClientPool.keyOf(properties)).doesNotContain("s3cret").hasSize(64);
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
