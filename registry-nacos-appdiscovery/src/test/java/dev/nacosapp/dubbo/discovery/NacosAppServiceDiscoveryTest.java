package dev.nacosapp.dubbo.discovery;

import static dev.nacosapp.dubbo.discovery.internal.client.Instances.healthy;
import static dev.nacosapp.dubbo.discovery.internal.client.Instances.unhealthy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.alibaba.nacos.api.exception.NacosException;
import com.alibaba.nacos.api.naming.pojo.Instance;
import dev.nacosapp.dubbo.discovery.internal.NacosAppResources;
import dev.nacosapp.dubbo.discovery.internal.client.InMemoryNacos;
import dev.nacosapp.dubbo.discovery.internal.config.NacosAppConfigParser;
import dev.nacosapp.dubbo.discovery.internal.watch.RecordingListener;
import dev.nacosapp.dubbo.discovery.support.CapturedOutput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import org.apache.dubbo.common.URL;
import org.apache.dubbo.config.ApplicationConfig;
import org.apache.dubbo.config.deploy.DefaultModuleDeployer;
import org.apache.dubbo.registry.client.DefaultServiceInstance;
import org.apache.dubbo.registry.client.ServiceInstance;
import org.apache.dubbo.registry.client.event.ServiceInstancesChangedEvent;
import org.apache.dubbo.rpc.model.ApplicationModel;
import org.apache.dubbo.rpc.model.FrameworkModel;
import org.apache.dubbo.rpc.model.ModuleModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The discovery against an in-memory Nacos passed in through its constructor. */
class NacosAppServiceDiscoveryTest {
    private final InMemoryNacos nacos = new InMemoryNacos();
    private final NacosAppResources resources = new NacosAppResources(nacos);
    private final FrameworkModel framework = new FrameworkModel();
    private final List<NacosAppServiceDiscovery> discoveries = new ArrayList<>();

    @AfterEach
    void destroy() throws Exception {
        for (NacosAppServiceDiscovery discovery : discoveries) {
            discovery.destroy();
        }
        resources.destroy();
        framework.destroy();
    }

    private NacosAppServiceDiscovery discovery(String application, String parameters) {
        return discovery(application, parameters, true);
    }

    private NacosAppServiceDiscovery discovery(String application, String parameters, boolean starting) {
        ApplicationModel model = framework.newApplication();
        model.getApplicationConfigManager().setApplication(new ApplicationConfig(application));
        ModuleModel module = model.getDefaultModule();
        if (starting) {
            // A module that is starting: Dubbo registers while its module deployer is in that state.
            module.setDeployer(new DefaultModuleDeployer(module) {
                {
                    setStarting();
                }
            });
        }
        URL url = URL.valueOf("nacos-app://127.0.0.1:8848?registry-type=service&" + parameters)
                .setScopeModel(model);
        NacosAppServiceDiscovery discovery = new NacosAppServiceDiscovery(
                model, url, NacosAppConfigParser.system().parse(url), resources);
        discoveries.add(discovery);
        return discovery;
    }

    /** A discovery of an application whose deployer has finished starting, as when a service is exported later. */
    private NacosAppServiceDiscovery runningDiscovery(String application, String parameters) throws Exception {
        NacosAppServiceDiscovery discovery = discovery(application, parameters, false);
        ApplicationModel model = discovery.getUrl().getApplicationModel();
        model.getApplicationConfigManager().getApplicationOrElseThrow().setQosEnable(false);
        model.getDeployer().start().get(30, java.util.concurrent.TimeUnit.SECONDS);
        // Dubbo 3.2 completes the application's start future before its modules' (3.3 after them).
        model.getDefaultModule().getDeployer().getStartFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
        return discovery;
    }

    private static DefaultServiceInstance instance(String application, int port, String revision) {
        DefaultServiceInstance instance = new DefaultServiceInstance(application, "10.0.0.9", port, null);
        instance.getMetadata().put("dubbo.metadata.revision", revision);
        instance.getMetadata().put("dubbo.metadata.storage-type", null);
        return instance;
    }

    private List<String> registered(String application) {
        return nacos.addresses("DEFAULT_GROUP", application);
    }

    @Test
    void registersTheInstanceUnderTheApplicationNameAndDeregistersIt() {
        NacosAppServiceDiscovery discovery = discovery("orders", "register-host=127.0.0.1&cluster-name=hz-a");

        discovery.doRegister(instance("orders", 20880, "r1"));

        List<Instance> stored = nacos.instances("DEFAULT_GROUP", "orders");
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).getIp()).isEqualTo("127.0.0.1");
        assertThat(stored.get(0).getClusterName()).isEqualTo("hz-a");
        assertThat(stored.get(0).getMetadata())
                .containsEntry("dubbo.metadata.revision", "r1")
                .doesNotContainKey("dubbo.metadata.storage-type");

        discovery.doUnregister(instance("orders", 20880, "r1"));
        assertThat(registered("orders")).isEmpty();
    }

    @Test
    void severalInstancesOfOneApplicationInOneProcessAreAllRegistered() {
        NacosAppServiceDiscovery dubboPort = discovery("orders", "register-host=127.0.0.1");
        NacosAppServiceDiscovery triplePort = discovery("orders", "register-host=127.0.0.1&startup-timeout=9s");

        dubboPort.doRegister(instance("orders", 20880, "r1"));
        triplePort.doRegister(instance("orders", 50051, "r1"));

        assertThat(nacos.clientsCreated())
                .as("both discoveries share one client")
                .hasSize(1);
        assertThat(registered("orders")).containsExactly("127.0.0.1:20880", "127.0.0.1:50051");
        dubboPort.doUnregister(instance("orders", 20880, "r1"));
        assertThat(registered("orders")).containsExactly("127.0.0.1:50051");
    }

    @Test
    void aRevisionUpdateReplacesTheInstanceInPlace() {
        NacosAppServiceDiscovery discovery = discovery("orders", "");
        DefaultServiceInstance before = instance("orders", 20880, "r1");
        discovery.doRegister(before);
        RecordingListener watcher = new RecordingListener(Collections.singleton("orders"));
        discovery(("watcher"), "").addServiceInstancesChangedListener(watcher);

        discovery.doUpdate(before, instance("orders", 20880, "r2"));

        assertThat(nacos.instances("DEFAULT_GROUP", "orders").get(0).getMetadata())
                .containsEntry("dubbo.metadata.revision", "r2");
        assertThat(nacos.operations()).doesNotContain("deregister orders 10.0.0.9:20880");
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(watcher.events()).last().satisfies(event -> assertThat(
                                event.getServiceInstances())
                        .singleElement()
                        .satisfies(i -> assertThat(i.getMetadata()).containsEntry("dubbo.metadata.revision", "r2"))));
        assertThat(watcher.events())
                .as("the watcher never saw the application without its instance")
                .allSatisfy(event -> assertThat(event.getServiceInstances()).hasSize(1));
    }

    @Test
    void metadataOverTheServerLimitFailsBeforeAnythingIsSent() {
        NacosAppServiceDiscovery discovery = discovery("orders", "");
        DefaultServiceInstance big = instance("orders", 20880, "r1");
        big.getMetadata().put("dubbo.labels", "x".repeat(2000));

        assertThatThrownBy(() -> discovery.doRegister(big))
                .isInstanceOf(NacosAppStartupError.class)
                .hasCauseInstanceOf(MetadataTooLargeException.class)
                .hasMessageContaining("dubbo.labels");
        assertThat(nacos.operations()).noneMatch(op -> op.startsWith("register"));
    }

    @Test
    void oneSubscriptionPerApplicationIsSharedByItsListenersAndEndsWithTheLast() {
        NacosAppServiceDiscovery discovery = discovery("web", "");
        RecordingListener ordersOnly = new RecordingListener(Collections.singleton("orders"));
        RecordingListener ordersAndUsers = new RecordingListener(new HashSet<>(Arrays.asList("orders", "users")));

        discovery.addServiceInstancesChangedListener(ordersOnly);
        discovery.addServiceInstancesChangedListener(ordersAndUsers);
        assertThat(nacos.subscriberCount("DEFAULT_GROUP", "orders")).isEqualTo(1);
        assertThat(nacos.subscriberCount("DEFAULT_GROUP", "users")).isEqualTo(1);

        nacos.publish("DEFAULT_GROUP", "orders", List.of(healthy("10.0.0.1", 1)));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(ordersOnly.lastAddresses("orders")).containsExactly("10.0.0.1:1");
            assertThat(ordersAndUsers.lastAddresses("orders")).containsExactly("10.0.0.1:1");
        });

        discovery.removeServiceInstancesChangedListener(ordersOnly);
        assertThat(nacos.subscriberCount("DEFAULT_GROUP", "orders")).isEqualTo(1);
        discovery.removeServiceInstancesChangedListener(ordersAndUsers);
        assertThat(nacos.subscriberCount("DEFAULT_GROUP", "orders")).isZero();
        assertThat(nacos.subscriberCount("DEFAULT_GROUP", "users")).isZero();
        assertThat(discovery.watchStats()).isEmpty();
    }

    @Test
    void theFirstLoadIsFilteredLikeEveryPush() throws Exception {
        nacos.create(new java.util.Properties())
                .batchRegisterInstance(
                        "orders", "DEFAULT_GROUP", List.of(healthy("10.0.0.1", 1), unhealthy("10.0.0.2", 2)));
        NacosAppServiceDiscovery discovery = discovery("web", "");

        List<ServiceInstance> instances = discovery.getInstances("orders");

        assertThat(instances).extracting(ServiceInstance::getAddress).containsExactly("10.0.0.1:1");
        assertThat(discovery.getServices()).containsExactly("orders");
    }

    @Test
    void dubbosOwnEmptyProtectionIsNamedAtStartupAsTheOneThatKeepsTheLastInvokers() {
        String log;
        try (CapturedOutput output = CapturedOutput.start()) {
            discovery("web", "enable-empty-protection=true");
            discovery("web-timeout-off", "enable-empty-protection=true&empty-push-protection-timeout=off");
            discovery("web-without", "");
            log = output.text();
        }

        assertThat(log)
                .as("once, for the one discovery whose timeout Dubbo's setting defeats")
                .containsOnlyOnce("enable-empty-protection=true: Dubbo ignores every empty provider list");
    }

    @Test
    void statsShowPushesPerApplication() {
        NacosAppServiceDiscovery discovery = discovery("web", "");
        discovery.addServiceInstancesChangedListener(new RecordingListener(Collections.singleton("orders")));

        nacos.publish("DEFAULT_GROUP", "orders", List.of(healthy("10.0.0.1", 1), healthy("10.0.0.2", 2)));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> discovery.watchStats().get("orders").instanceCount() == 2);
        nacos.push("DEFAULT_GROUP", "orders", List.of());

        await().atMost(Duration.ofSeconds(10))
                .until(() -> discovery.watchStats().get("orders").dropped() == 1);
        WatchStats stats = discovery.watchStats().get("orders");
        assertThat(stats.pushes()).isEqualTo(2);
        assertThat(stats.notifications()).isEqualTo(1);
        assertThat(stats.instanceCount()).as("the last good list is kept").isEqualTo(2);
        assertThat(stats.listeners()).isEqualTo(1);
        assertThat(stats.lastPushMillis()).isPositive();
    }

    @Test
    void withCheckStartupFailsWhenNoServerAnswersNamingServersAndNamespace() {
        nacos.setUp(false);

        assertThatThrownBy(() -> discovery("orders", "namespace=dev&startup-timeout=300ms"))
                .isInstanceOf(NacosAppStartupError.class)
                .hasMessageContaining("no Nacos server answered within 300 ms")
                .hasMessageContaining("[127.0.0.1:8848]")
                .hasMessageContaining("namespace 'dev'")
                .hasMessageContaining("check=false");
        assertThat(nacos.openClients()).as("the client is closed again").isZero();
    }

    @Test
    void withCheckARefusedRegistrationFailsStartupAndLeavesNothingBehind() {
        NacosAppServiceDiscovery discovery = discovery("orders", "startup-timeout=500ms");
        nacos.failNext(1000);

        assertThatThrownBy(() -> discovery.doRegister(instance("orders", 20880, "r1")))
                .isInstanceOf(NacosAppStartupError.class)
                .hasMessageContaining("application 'orders'")
                .hasMessageContaining("was refused for 500 ms (startup-timeout)")
                .hasMessageContaining("injected failure")
                .hasMessageContaining("check=false");
        nacos.failNext(0);
        nacos.redo();
        assertThat(registered("orders"))
                .as("the refused registration is taken back, so nacos-client's redo does not repeat it")
                .isEmpty();
    }

    @Test
    void aSingleRefusalOfTheFirstRegistrationIsRetriedWithinStartupTimeout() {
        NacosAppServiceDiscovery discovery = discovery("orders", "");
        nacos.failNext(1);

        discovery.doRegister(instance("orders", 20880, "r1"));

        assertThat(registered("orders")).containsExactly("10.0.0.9:20880");
    }

    @Test
    void aSingleRefusedFirstQueryDoesNotStopStartup() {
        nacos.failNext(1);

        NacosAppServiceDiscovery discovery = discovery("orders", "");

        assertThat(discovery.isAvailable()).isTrue();
    }

    @Test
    void afterStartupARefusedRegistrationIsRetriedInsteadOfThrown() {
        NacosAppServiceDiscovery discovery = discovery("orders", "retry-max-delay=1s");
        discovery.doRegister(instance("orders", 20880, "r1"));
        discovery.doUnregister(instance("orders", 20880, "r1"));
        nacos.failNext(1);

        discovery.doRegister(instance("orders", 20880, "r2"));

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(nacos.instances("DEFAULT_GROUP", "orders"))
                        .singleElement()
                        .satisfies(i -> assertThat(i.getMetadata()).containsEntry("dubbo.metadata.revision", "r2")));
    }

    @Test
    void withCheckRefusedCredentialsStopStartupBeforeAnythingIsRegistered() {
        nacos.failNext(1000, NacosException.NO_RIGHT, "user not found!");

        assertThatThrownBy(() -> discovery("orders", "username=nacos&password=wrong&startup-timeout=500ms"))
                .isInstanceOf(NacosAppStartupError.class)
                .hasMessageContaining("user not found! (Nacos error code 403)")
                .hasMessageContaining("check the registry's username and password")
                .hasMessageNotContaining("wrong");
        assertThat(nacos.openClients()).as("no client is left retrying").isZero();
        nacos.failNext(0);
    }

    @Test
    void metadataOverTheLimitStopsStartupWhateverCheckSays() {
        NacosAppServiceDiscovery discovery = discovery("orders", "check=false");
        DefaultServiceInstance big = instance("orders", 20880, "r1");
        big.getMetadata().put("dubbo.labels", "x".repeat(2000));

        assertThatThrownBy(() -> discovery.doRegister(big))
                .isInstanceOf(NacosAppStartupError.class)
                .hasMessageContaining("largest keys: dubbo.labels");
    }

    @Test
    void aRegistrationAfterStartupNeverThrowsAnErrorAndIsRetriedUntilNacosAccepts() throws Exception {
        NacosAppServiceDiscovery discovery = runningDiscovery("orders", "");
        nacos.failNext(3);

        discovery.doRegister(instance("orders", 20880, "r1"));

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(registered("orders")).containsExactly("10.0.0.9:20880"));
    }

    @Test
    void metadataThatGrowsPastTheLimitAfterStartupKeepsTheLastGoodRegistration() throws Exception {
        NacosAppServiceDiscovery discovery = runningDiscovery("orders", "");
        DefaultServiceInstance good = instance("orders", 20880, "r1");
        discovery.doRegister(good);
        DefaultServiceInstance big = instance("orders", 20880, "r2");
        big.getMetadata().put("dubbo.labels", "x".repeat(2000));

        discovery.doUpdate(good, big);
        discovery.doUpdate(good, big);

        assertThat(nacos.instances("DEFAULT_GROUP", "orders"))
                .singleElement()
                .satisfies(i -> assertThat(i.getMetadata()).containsEntry("dubbo.metadata.revision", "r1"));
    }

    @Test
    void aModuleThatIsOnlyPendingDoesNotMakeALateRegistrationPartOfStartup() throws Exception {
        NacosAppServiceDiscovery discovery = runningDiscovery("orders", "startup-timeout=1s&retry-max-delay=1s");
        // A second module created while the application runs: its deployer is pending until it is started.
        ModuleModel pending = discovery.getUrl().getApplicationModel().newModule();
        assertThat(pending.getDeployer().isPending()).isTrue();
        // Refused for longer than startup-timeout: during startup that would stop the application.
        nacos.failNext(8);

        assertThatCode(() -> discovery.doRegister(instance("orders", 20880, "r1")))
                .as("a refused late registration is retried, never thrown as an Error on Dubbo's refresh task")
                .doesNotThrowAnyException();
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(registered("orders")).containsExactly("10.0.0.9:20880"));
    }

    @Test
    void aLateFirstRegistrationWithMetadataOverTheLimitDoesNotThrow() throws Exception {
        NacosAppServiceDiscovery discovery = runningDiscovery("orders", "");
        DefaultServiceInstance big = instance("orders", 20880, "r1");
        big.getMetadata().put("dubbo.labels", "x".repeat(2000));

        discovery.doRegister(big);

        assertThat(registered("orders")).isEmpty();
        discovery.doUpdate(big, instance("orders", 20880, "r2"));
        assertThat(registered("orders"))
                .as("a revision that fits is registered")
                .containsExactly("10.0.0.9:20880");
    }

    @Test
    void withCheckAFailedSubscribeIsThrownAndUndoneSoThatALaterAddWorks() {
        NacosAppServiceDiscovery discovery = discovery("web", "");
        RecordingListener listener = new RecordingListener(new HashSet<>(Arrays.asList("orders", "users")));
        nacos.failNext(1);

        assertThatThrownBy(() -> discovery.addServiceInstancesChangedListener(listener))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("subscribing to application")
                .hasMessageContaining("injected failure");
        nacos.redo();
        assertThat(nacos.subscriberCount("DEFAULT_GROUP", "orders") + nacos.subscriberCount("DEFAULT_GROUP", "users"))
                .as("nothing is left subscribed in nacos-client, not even by its redo")
                .isZero();

        discovery.addServiceInstancesChangedListener(listener);
        nacos.publish("DEFAULT_GROUP", "orders", List.of(healthy("10.0.0.1", 1)));
        nacos.publish("DEFAULT_GROUP", "users", List.of(healthy("10.0.0.2", 2)));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(listener.lastAddresses("orders")).containsExactly("10.0.0.1:1");
            assertThat(listener.lastAddresses("users")).containsExactly("10.0.0.2:2");
        });
    }

    @Test
    void withoutCheckAFailedSubscribeKeepsTheWatchAndNacosClientsRedoCompletesIt() {
        NacosAppServiceDiscovery discovery = discovery("web", "check=false&retry-max-delay=10m");
        RecordingListener listener = new RecordingListener(Collections.singleton("orders"));
        nacos.failNext(1);

        discovery.addServiceInstancesChangedListener(listener);
        nacos.redo();
        nacos.publish("DEFAULT_GROUP", "orders", List.of(healthy("10.0.0.1", 1)));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(listener.lastAddresses("orders"))
                .containsExactly("10.0.0.1:1"));
    }

    @Test
    void isAvailableFollowsTheConnectionWithoutAskingTheServer() {
        NacosAppServiceDiscovery discovery = discovery("orders", "check=false");
        int before = nacos.operations().size();

        assertThat(discovery.isAvailable()).isTrue();
        nacos.setUp(false);
        assertThat(discovery.isAvailable()).isFalse();
        nacos.setUp(true);
        assertThat(discovery.isAvailable()).isTrue();
        assertThat(nacos.operations()).hasSize(before);
    }

    @Test
    void aConsumerStartingWhileNacosIsDownUsesTheListCachedOnDisk() {
        nacos.preloadCache("DEFAULT_GROUP", "orders", List.of(healthy("10.0.0.1", 1), unhealthy("10.0.0.2", 2)));
        nacos.setUp(false);
        NacosAppServiceDiscovery discovery = discovery("web", "check=false");

        assertThat(discovery.getInstances("orders"))
                .extracting(ServiceInstance::getAddress)
                .containsExactly("10.0.0.1:1");
    }

    @Test
    void aFirstLoadFromTheDiskCacheLeavesNoSubscriptionInNacosClient() {
        nacos.preloadCache("DEFAULT_GROUP", "orders", List.of(healthy("10.0.0.1", 1)));
        nacos.setUp(false);
        NacosAppServiceDiscovery discovery = discovery("web", "check=false");

        assertThat(discovery.getInstances("orders")).hasSize(1);
        nacos.setUp(true);

        assertThat(nacos.subscribedClients("DEFAULT_GROUP", "orders"))
                .as("nacos-client's redo does not subscribe an application nobody watches")
                .isZero();
    }

    @Test
    void aFirstLoadWithoutAListenerLeavesNoWatchBehind() throws Exception {
        nacos.create(new java.util.Properties()).registerInstance("orders", "DEFAULT_GROUP", healthy("10.0.0.1", 1));
        NacosAppServiceDiscovery discovery = discovery("web", "");

        assertThat(discovery.getInstances("orders")).hasSize(1);

        assertThat(discovery.watchStats()).isEmpty();
        assertThat(nacos.subscribedClients("DEFAULT_GROUP", "orders")).isZero();
    }

    @Test
    void aFirstLoadFromTheDiskCacheLeavesNoWatchBehind() {
        nacos.preloadCache("DEFAULT_GROUP", "orders", List.of(healthy("10.0.0.1", 1)));
        nacos.setUp(false);
        NacosAppServiceDiscovery discovery = discovery("web", "check=false");

        assertThat(discovery.getInstances("orders")).hasSize(1);

        assertThat(discovery.watchStats()).isEmpty();
    }

    @Test
    void aFirstLoadNeverReplacesAPushThatArrivedWhileItWasAnswered() throws Exception {
        dev.nacosapp.dubbo.discovery.internal.client.NamingOperations provider =
                nacos.create(new java.util.Properties());
        provider.registerInstance("orders", "DEFAULT_GROUP", healthy("10.0.0.1", 1));
        NacosAppServiceDiscovery discovery = discovery("web", "");
        RecordingListener listener = new RecordingListener(Collections.singleton("orders"));
        discovery.addServiceInstancesChangedListener(listener);
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.lastAddresses("orders") != null);
        nacos.beforeNextQueryAnswer(() -> {
            try {
                provider.batchRegisterInstance(
                        "orders", "DEFAULT_GROUP", List.of(healthy("10.0.0.1", 1), healthy("10.0.0.2", 2)));
            } catch (NacosException e) {
                throw new IllegalStateException(e);
            }
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> discovery.watchStats().get("orders").instanceCount() == 2);
        });

        List<ServiceInstance> loaded = discovery.getInstances("orders");

        assertThat(loaded).extracting(ServiceInstance::getAddress).containsExactly("10.0.0.1:1", "10.0.0.2:2");
        assertThat(discovery.watchStats().get("orders").instanceCount())
                .as("the older answer did not replace the newer push")
                .isEqualTo(2);
    }

    @Test
    void theDiskCacheIsNotUsedWhenTurnedOff() {
        nacos.preloadCache("DEFAULT_GROUP", "orders", List.of(healthy("10.0.0.1", 1)));
        nacos.setUp(false);
        NacosAppServiceDiscovery discovery = discovery("web", "check=false&load-cache-at-start=false");

        assertThat(discovery.getInstances("orders")).isEmpty();
    }

    @Test
    void theFirstLoadSeedsProtectionForTheFirstPush() {
        Instance provider = healthy("10.0.0.1", 1);
        nacos.preloadCache("DEFAULT_GROUP", "orders", List.of(provider));
        NacosAppServiceDiscovery discovery = discovery("web", "check=false");
        nacos.setUp(false);
        RecordingListener listener = new RecordingListener(Collections.singleton("orders"));
        // What Dubbo's ServiceDiscoveryRegistry.subscribeURLs does: the first load goes to the listener, then it is
        // added.
        List<ServiceInstance> firstLoad = discovery.getInstances("orders");
        assertThat(firstLoad).hasSize(1);
        listener.onEvent(new ServiceInstancesChangedEvent("orders", firstLoad));
        nacos.setUp(true);

        discovery.addServiceInstancesChangedListener(listener);
        nacos.push("DEFAULT_GROUP", "orders", List.of());

        await().atMost(Duration.ofSeconds(10))
                .until(() -> discovery.watchStats().get("orders").dropped() == 1);
        assertThat(discovery.watchStats().get("orders").instanceCount()).isEqualTo(1);
    }

    @Test
    void aListenerAddedAgainAfterAFailedSubscribeIsProtectedFromTheFirstEmptyPush() throws Exception {
        Instance provider = healthy("10.0.0.1", 1);
        nacos.create(new java.util.Properties()).registerInstance("orders", "DEFAULT_GROUP", provider);
        // The disk cache equals the live list, so nacos-client tells the new subscription nothing.
        nacos.preloadCache("DEFAULT_GROUP", "orders", List.of(provider));
        NacosAppServiceDiscovery discovery = discovery("web", "");
        RecordingListener listener = new RecordingListener(Collections.singleton("orders"));
        nacos.failNext(1);
        assertThatThrownBy(() -> discovery.addServiceInstancesChangedListener(listener))
                .isInstanceOf(IllegalStateException.class);

        discovery.addServiceInstancesChangedListener(listener);
        nacos.push("DEFAULT_GROUP", "orders", List.of());

        await().atMost(Duration.ofSeconds(10))
                .until(() -> discovery.watchStats().get("orders").dropped() == 1);
        assertThat(discovery.watchStats().get("orders").instanceCount()).isEqualTo(1);
        assertThat(listener.events()).noneMatch(e -> e.getServiceInstances().isEmpty());
    }

    @Test
    void aWatchMadeAgainAfterItsLastListenerLeftIsProtectedFromTheFirstEmptyPush() throws Exception {
        nacos.create(new java.util.Properties()).registerInstance("orders", "DEFAULT_GROUP", healthy("10.0.0.1", 1));
        NacosAppServiceDiscovery discovery = discovery("web", "");
        RecordingListener first = new RecordingListener(Collections.singleton("orders"));
        discovery.addServiceInstancesChangedListener(first);
        await().atMost(Duration.ofSeconds(10)).until(() -> first.lastAddresses("orders") != null);
        assertThat(discovery.getInstances("orders")).hasSize(1);
        // The last listener leaves before the next one is added; nacos-client keeps its cached list.
        discovery.removeServiceInstancesChangedListener(first);
        RecordingListener second = new RecordingListener(Collections.singleton("orders"));

        discovery.addServiceInstancesChangedListener(second);
        nacos.push("DEFAULT_GROUP", "orders", List.of());

        await().atMost(Duration.ofSeconds(10))
                .until(() -> discovery.watchStats().get("orders").dropped() == 1);
        assertThat(discovery.watchStats().get("orders").instanceCount()).isEqualTo(1);
        assertThat(second.events()).noneMatch(e -> e.getServiceInstances().isEmpty());
    }

    @Test
    void withoutCheckRegistrationAndSubscriptionCompleteOnceNacosIsReachable() {
        nacos.setUp(false);
        NacosAppServiceDiscovery provider = discovery("orders", "check=false&retry-max-delay=1s");
        NacosAppServiceDiscovery consumer = discovery("web", "check=false&retry-max-delay=1s");
        RecordingListener listener = new RecordingListener(Collections.singleton("orders"));

        provider.doRegister(instance("orders", 20880, "r1"));
        consumer.addServiceInstancesChangedListener(listener);
        assertThat(consumer.getInstances("orders")).isEmpty();
        nacos.setUp(true);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(registered("orders")).containsExactly("10.0.0.9:20880");
            assertThat(listener.lastAddresses("orders")).containsExactly("10.0.0.9:20880");
        });
    }

    @Test
    void destroyDeregistersBeforeTheClientIsClosed() throws Exception {
        NacosAppServiceDiscovery discovery = discovery("orders", "");
        discovery.doRegister(instance("orders", 20880, "r1"));
        discovery.addServiceInstancesChangedListener(new RecordingListener(Collections.singleton("users")));

        discovery.destroy();
        discoveries.remove(discovery);

        assertThat(nacos.operations())
                .containsSubsequence("deregister orders 10.0.0.9:20880", "unsubscribe users", "shutdown");
        assertThat(nacos.openClients()).isZero();
    }
}
