package dev.nacosapp.dubbo.discovery.internal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.alibaba.nacos.api.exception.NacosException;
import dev.nacosapp.dubbo.discovery.internal.config.NacosAppConfig;
import dev.nacosapp.dubbo.discovery.internal.config.NacosAppConfigParser;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.dubbo.common.URL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClientPoolTest {
    private static final long WAIT = TimeUnit.SECONDS.toMillis(10);

    private final InMemoryNacos nacos = new InMemoryNacos();
    private final ClientPool<NamingOperations> pool = pool(config -> nacos.create(config.toClientProperties()));
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void releaseBlockedCreations() {
        release.countDown();
    }

    private static ClientPool<NamingOperations> pool(ClientPool.Factory<NamingOperations> factory) {
        return new ClientPool<NamingOperations>("naming", factory, NamingOperations::shutdown);
    }

    private static NacosAppConfig config(String url) {
        return NacosAppConfigParser.system().parse(URL.valueOf(url));
    }

    /** A factory whose creations for the given server block until the test releases them. */
    private ClientPool.Factory<NamingOperations> blockingFor(String serverAddr, CountDownLatch started) {
        return config -> {
            if (config.serverAddr().equals(serverAddr)) {
                started.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return nacos.create(config.toClientProperties());
        };
    }

    @Test
    void sharesOneClientPerServersNamespaceAndCredentials() throws Exception {
        NamingOperations a = pool.acquire(config("nacos-app://127.0.0.1:8848?group=A&selector=env:prod"), WAIT)
                .client();
        NamingOperations b = pool.acquire(config("nacos-app://127.0.0.1:8848?group=B&cluster-name=x"), WAIT)
                .client();
        NamingOperations otherNamespace = pool.acquire(config("nacos-app://127.0.0.1:8848?namespace=dev"), WAIT)
                .client();
        NamingOperations otherUser =
                pool.acquire(config("nacos-app://u:p@127.0.0.1:8848"), WAIT).client();
        NamingOperations otherServer =
                pool.acquire(config("nacos-app://127.0.0.1:8849"), WAIT).client();

        assertThat(b).isSameAs(a);
        assertThat(otherNamespace).isNotSameAs(a);
        assertThat(otherUser).isNotSameAs(a).isNotSameAs(otherNamespace);
        assertThat(otherServer).isNotSameAs(a);
        assertThat(pool.size()).isEqualTo(4);
        assertThat(nacos.clientsCreated()).hasSize(4);
    }

    @Test
    void closesAClientWhenItsLastHolderReleasesIt() throws Exception {
        NacosAppConfig config = config("nacos-app://127.0.0.1:8848");
        ClientPool.Lease<NamingOperations> first = pool.acquire(config, WAIT);
        ClientPool.Lease<NamingOperations> second = pool.acquire(config, WAIT);

        first.release();
        assertThat(nacos.openClients()).isEqualTo(1);
        second.release();
        assertThat(nacos.openClients()).isZero();
        assertThat(pool.size()).isZero();
        assertThat(pool.acquire(config, WAIT).client())
                .as("a fresh client after the old one closed")
                .isNotSameAs(first.client());
    }

    @Test
    void aSecondReleaseOfTheSameHolderGivesNothingBack() throws Exception {
        NacosAppConfig config = config("nacos-app://127.0.0.1:8848");
        ClientPool.Lease<NamingOperations> destroyedTwice = pool.acquire(config, WAIT);
        ClientPool.Lease<NamingOperations> stillUsed = pool.acquire(config, WAIT);

        // Dubbo 3.3 destroys a metadata report twice: once from the deployer, once from the bean factory.
        destroyedTwice.release();
        destroyedTwice.release();

        assertThat(nacos.openClients())
                .as("the other holder still uses the client")
                .isEqualTo(1);
        assertThat(pool.size()).isEqualTo(1);
        stillUsed.release();
        assertThat(nacos.openClients()).isZero();
    }

    @Test
    void aSlowClientCreationNeverHoldsUpAHolderOfAnotherNacos() throws Exception {
        CountDownLatch slowStarted = new CountDownLatch(1);
        ClientPool<NamingOperations> blocking = pool(blockingFor("127.0.0.1:8849", slowStarted));
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<ClientPool.Lease<NamingOperations>> slow =
                    threads.submit(() -> blocking.acquire(config("nacos-app://127.0.0.1:8849"), WAIT));
            assertThat(slowStarted.await(10, TimeUnit.SECONDS)).isTrue();

            ClientPool.Lease<NamingOperations> other = blocking.acquire(config("nacos-app://127.0.0.1:8848"), WAIT);

            assertThat(other.client())
                    .as("created while the other creation still waits for its server")
                    .isNotNull();
            assertThat(slow).isNotDone();
            release.countDown();
            assertThat(slow.get(10, TimeUnit.SECONDS).client()).isNotSameAs(other.client());
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void theWaitIsBoundedAndAnAbandonedCreationIsShutDownWhenItEnds() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        ClientPool<NamingOperations> blocking = pool(blockingFor("127.0.0.1:8848", started));

        assertThatThrownBy(() -> blocking.acquire(config("nacos-app://127.0.0.1:8848"), 200))
                .isInstanceOf(ClientNotReadyException.class)
                .hasMessageContaining("within 200 ms");
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        release.countDown();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(nacos.clientsCreated()).hasSize(1);
            assertThat(nacos.openClients()).as("nobody holds it").isZero();
            assertThat(blocking.size()).isZero();
        });
    }

    @Test
    void aHolderThatArrivesWhileAnotherGaveUpGetsTheClient() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        ClientPool<NamingOperations> blocking = pool(blockingFor("127.0.0.1:8848", started));
        NacosAppConfig config = config("nacos-app://127.0.0.1:8848");
        assertThatThrownBy(() -> blocking.acquire(config, 100)).isInstanceOf(ClientNotReadyException.class);
        ExecutorService threads = Executors.newSingleThreadExecutor();
        try {
            Future<ClientPool.Lease<NamingOperations>> patient = threads.submit(() -> blocking.acquire(config, WAIT));
            await().atMost(Duration.ofSeconds(10)).until(() -> blocking.size() == 1 && !patient.isDone());

            release.countDown();

            assertThat(patient.get(10, TimeUnit.SECONDS).client().isServerUp()).isTrue();
            assertThat(nacos.clientsCreated()).as("one creation for both").hasSize(1);
            assertThat(nacos.openClients()).isEqualTo(1);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aFailedCreationIsReportedToEveryWaiterAndTheNextAcquireTriesAgain() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        ClientPool<NamingOperations> failingOnce = pool(config -> {
            if (attempts.incrementAndGet() == 1) {
                throw new NacosException(NacosException.CLIENT_INVALID_PARAM, "bad property");
            }
            return nacos.create(config.toClientProperties());
        });
        NacosAppConfig config = config("nacos-app://127.0.0.1:8848");

        assertThatThrownBy(() -> failingOnce.acquire(config, WAIT))
                .isInstanceOf(NacosException.class)
                .hasMessageContaining("bad property");
        assertThat(failingOnce.size()).isZero();
        assertThat(failingOnce.acquire(config, WAIT).client()).isNotNull();
    }

    @Test
    void aClientFinishingItsStartAfterCloseAllIsShutDownNotLeaked() throws Exception {
        CountDownLatch creating = new CountDownLatch(1);
        ClientPool<NamingOperations> blocking = pool(blockingFor("127.0.0.1:8848", creating));
        ExecutorService threads = Executors.newSingleThreadExecutor();
        try {
            Future<ClientPool.Lease<NamingOperations>> acquiring =
                    threads.submit(() -> blocking.acquire(config("nacos-app://127.0.0.1:8848"), WAIT));
            assertThat(creating.await(10, TimeUnit.SECONDS)).isTrue();

            blocking.closeAll();
            release.countDown();

            assertThatThrownBy(() -> acquiring.get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("was closed while starting");
            assertThat(nacos.openClients()).isZero();
            assertThatThrownBy(() -> blocking.acquire(config("nacos-app://127.0.0.1:8848"), WAIT))
                    .as("a closed pool hands out nothing more")
                    .isInstanceOf(IllegalStateException.class);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void theClientIsCreatedWithNacosClientsOwnConnectSettings() throws Exception {
        pool.acquire(config("nacos-app://127.0.0.1:8848?startup-timeout=2s"), WAIT);

        Properties used = nacos.clientsCreated().get(0);
        assertThat(used.stringPropertyNames())
                .as("startup-timeout bounds the wait only; later reconnects keep nacos-client's settings")
                .noneMatch(name -> name.startsWith("nacos.remote.client.grpc."));
    }

    @Test
    void thePoolKeyHoldsNoCredentialInClear() {
        Properties properties =
                config("nacos-app://nacos:s3cret@127.0.0.1:8848").toClientProperties();

        assertThat(ClientPool.keyOf(properties)).doesNotContain("s3cret").hasSize(64);
    }

    @Test
    void closeAllShutsEveryClientDown() throws Exception {
        pool.acquire(config("nacos-app://127.0.0.1:8848"), WAIT);
        pool.acquire(config("nacos-app://127.0.0.1:8848?namespace=dev"), WAIT);

        pool.closeAll();

        assertThat(nacos.openClients()).isZero();
        assertThat(pool.size()).isZero();
    }
}
