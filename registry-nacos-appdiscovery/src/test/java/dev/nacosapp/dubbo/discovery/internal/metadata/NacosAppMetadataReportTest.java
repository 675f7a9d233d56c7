package dev.nacosapp.dubbo.discovery.internal.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nacosapp.dubbo.discovery.internal.client.ClientPool;
import dev.nacosapp.dubbo.discovery.internal.config.NacosAppConfig;
import dev.nacosapp.dubbo.discovery.internal.config.NacosAppConfigParser;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.dubbo.common.URL;
import org.apache.dubbo.common.config.configcenter.ConfigItem;
import org.apache.dubbo.common.logger.ErrorTypeAwareLogger;
import org.apache.dubbo.metadata.MappingChangedEvent;
import org.apache.dubbo.metadata.MappingListener;
import org.apache.dubbo.metadata.MetadataInfo;
import org.apache.dubbo.metadata.report.identifier.KeyTypeEnum;
import org.apache.dubbo.metadata.report.identifier.MetadataIdentifier;
import org.apache.dubbo.metadata.report.identifier.SubscriberMetadataIdentifier;
import org.apache.dubbo.rpc.model.ApplicationModel;
import org.apache.dubbo.rpc.model.FrameworkModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The metadata report against an in-memory Nacos config service with the real server's CAS rules. */
class NacosAppMetadataReportTest {
    private static final String INTERFACE = "org.example.OrderService";

    private final InMemoryConfig nacos = new InMemoryConfig();
    private final ClientPool<ConfigOperations> pool = new ClientPool<ConfigOperations>(
            "config", config -> nacos.create(config.toClientProperties()), ConfigOperations::shutdown);
    private final FrameworkModel framework = new FrameworkModel();
    private final List<NacosAppMetadataReport> reports = new ArrayList<>();

    @AfterEach
    void destroy() {
        reports.forEach(NacosAppMetadataReport::destroy);
        framework.destroy();
    }

    /** Every WARN and ERROR the report logs, as "WARN message" or "ERROR message". */
    private final List<String> logged = new CopyOnWriteArrayList<>();

    private final ErrorTypeAwareLogger logger = (ErrorTypeAwareLogger) Proxy.newProxyInstance(
            ErrorTypeAwareLogger.class.getClassLoader(),
            new Class<?>[] {ErrorTypeAwareLogger.class},
            (proxy, method, args) -> {
                if (method.getReturnType() == boolean.class) {
                    return true;
                }
                boolean levelled =
                        method.getName().equals("warn") || method.getName().equals("error");
                if (levelled && args != null) {
                    String message = String.valueOf(args.length >= 4 ? args[3] : args[0]);
                    logged.add(method.getName().toUpperCase() + " " + message);
                }
                return null;
            });

    /** A Dubbo mapping listener that keeps every application set it hears. */
    private static class Heard implements MappingListener {
        final List<Set<String>> apps = new CopyOnWriteArrayList<>();

        @Override
        public void onEvent(MappingChangedEvent event) {
            apps.add(event.getApps());
        }

        @Override
        public void stop() {}
    }

    private NacosAppMetadataReport report(String parameters) throws Exception {
        ApplicationModel model = framework.newApplication();
        URL url = URL.valueOf("nacos-app://127.0.0.1:8848/org.apache.dubbo.metadata.report.MetadataReport"
                        + "?cycle-report=false&file-cache=false&" + parameters)
                .setScopeModel(model);
        NacosAppConfig config = NacosAppConfigParser.system().parse(url);
        NacosAppMetadataReport report = new NacosAppMetadataReport(url, config, pool.acquire(config, 10_000), logger);
        reports.add(report);
        return report;
    }

    /** Dubbo's MetadataServiceNameMapping: read the item, append the application, CAS, retry on a lost race. */
    private static void map(NacosAppMetadataReport report, String application) {
        for (int attempt = 0; attempt < 10; attempt++) {
            ConfigItem item = report.getConfigItem(INTERFACE, "mapping");
            String content = item.getContent();
            if (content != null && NacosAppMetadataReport.appNames(content).contains(application)) {
                return;
            }
            String next = content == null || content.isEmpty() ? application : content + "," + application;
            if (report.registerServiceAppMapping(INTERFACE, "mapping", next, item.getTicket())) {
                return;
            }
        }
        throw new AssertionError("mapping not written");
    }

    @Test
    void theMappingIsWrittenInTheBuiltInLayoutAndReadBack() throws Exception {
        NacosAppMetadataReport report = report("");

        map(report, "orders-provider");
        map(report, "orders-provider-v2");

        assertThat(nacos.get(INTERFACE, "mapping")).isEqualTo("orders-provider,orders-provider-v2");
        assertThat(report.getServiceAppMapping(INTERFACE, null))
                .containsExactly("orders-provider", "orders-provider-v2");
    }

    @Test
    void aStaleTicketLosesTheRaceAndTheRetryKeepsBothApplications() throws Exception {
        NacosAppMetadataReport report = report("");
        map(report, "a");
        ConfigItem stale = report.getConfigItem(INTERFACE, "mapping");
        map(report, "b");

        assertThat(report.registerServiceAppMapping(INTERFACE, "mapping", "a,c", stale.getTicket()))
                .as("written over b")
                .isFalse();
        map(report, "c");
        assertThat(report.getServiceAppMapping(INTERFACE, null)).containsExactly("a", "b", "c");
    }

    @Test
    void aMissingMappingHasTheBuiltInsTicketAndIsCreated() throws Exception {
        NacosAppMetadataReport report = report("");

        ConfigItem item = report.getConfigItem(INTERFACE, "mapping");

        assertThat(item.getContent()).isNull();
        assertThat(item.getTicket()).isEqualTo("0");
        assertThat(report.registerServiceAppMapping(INTERFACE, "mapping", "a", item.getTicket()))
                .isTrue();
    }

    @Test
    void listenersHearNewProviderApplicationsButNotARemoval() throws Exception {
        NacosAppMetadataReport report = report("");
        nacos.put(INTERFACE, "mapping", "a");
        List<Set<String>> heard = Collections.synchronizedList(new ArrayList<>());
        MappingListener listener = new MappingListener() {
            @Override
            public void onEvent(MappingChangedEvent event) {
                heard.add(event.getApps());
            }

            @Override
            public void stop() {}
        };

        assertThat(report.getServiceAppMapping(INTERFACE, listener, null)).containsExactly("a");
        nacos.awaitNotified();
        nacos.put(INTERFACE, "mapping", "a,b");
        nacos.awaitNotified();
        nacos.put(INTERFACE, "mapping", null);
        nacos.awaitNotified();
        report.removeServiceAppMappingListener(INTERFACE, listener);
        nacos.put(INTERFACE, "mapping", "a,b,c");
        nacos.awaitNotified();

        assertThat(heard)
                .as("nacos-client tells a new listener the current content, then each change")
                .containsExactly(Set.of("a"), Set.of("a", "b"));
    }

    @Test
    void remoteApplicationMetadataIsStoredByApplicationAndRevision() throws Exception {
        NacosAppMetadataReport report = report("");
        MetadataInfo info = new MetadataInfo("orders-provider");
        info.addService(URL.valueOf("dubbo://127.0.0.1:20880/" + INTERFACE + "?application=orders-provider"));
        String revision = info.calAndGetRevision();
        SubscriberMetadataIdentifier id = new SubscriberMetadataIdentifier("orders-provider", revision);

        report.publishAppMetadata(id, info);

        assertThat(nacos.get("orders-provider", revision)).isNotNull().isEqualTo(info.getContent());
        MetadataInfo read = report.getAppMetadata(id, Collections.emptyMap());
        assertThat(read.getApp()).isEqualTo("orders-provider");
        assertThat(read.getServices()).containsKey(INTERFACE + ":dubbo");
        report.unPublishAppMetadata(id, info);
        assertThat(nacos.get("orders-provider", revision)).isNull();
    }

    @Test
    void serviceDefinitionsGoToTheRegistryGroupOrDubbo() throws Exception {
        MetadataIdentifier id = new MetadataIdentifier(INTERFACE, "1.0", "", "provider", "orders-provider");

        report("").doStoreProviderMetadata(id, "{\"a\":1}");
        report("group=G1").doStoreProviderMetadata(id, "{}");

        String dataId = id.getUniqueKey(KeyTypeEnum.UNIQUE_KEY);
        assertThat(nacos.get(dataId, "dubbo")).isEqualTo("{\"a\":1}");
        assertThat(nacos.get(dataId, "G1")).isEqualTo("{}");
    }

    @Test
    void aMappingThatCannotBeReadIsEmptyNotAnError() throws Exception {
        NacosAppMetadataReport report = report("");
        nacos.put(INTERFACE, "mapping", "a");
        nacos.setDown(true);

        assertThat(report.getServiceAppMapping(INTERFACE, null)).isEmpty();
        ConfigItem item = report.getConfigItem(INTERFACE, "mapping");
        assertThat(item.getTicket()).isEqualTo("0");
        nacos.setDown(false);
        assertThat(report.registerServiceAppMapping(INTERFACE, "mapping", "b", item.getTicket()))
                .as("the 0 ticket cannot overwrite the mapping that exists")
                .isFalse();
        assertThat(report.getServiceAppMapping(INTERFACE, null)).containsExactly("a");
    }

    @Test
    void reportsOfOneNacosShareOneConfigClient() throws Exception {
        report("");
        report("group=G1");

        assertThat(nacos.clientsCreated()).isEqualTo(1);
    }

    @Test
    void aListenerAddedWhileTheLastOneIsRemovedStaysListenedToUntilItIsRemoved() throws Exception {
        NacosAppMetadataReport report = report("");
        String service = "org.example.RaceService";
        nacos.put(service, "mapping", "a");
        Heard first = new Heard();
        report.getServiceAppMapping(service, first, null);
        AtomicBoolean raced = new AtomicBoolean();
        List<Thread> removers = new CopyOnWriteArrayList<>();
        // The report compares a new listener with those it holds: at that moment another thread removes the only one.
        Heard second = new Heard() {
            @Override
            public boolean equals(Object other) {
                if (raced.compareAndSet(false, true)) {
                    Thread remover = new Thread(() -> report.removeServiceAppMappingListener(service, first));
                    removers.add(remover);
                    remover.start();
                    await().atMost(Duration.ofSeconds(10)).until(() -> {
                        Thread.State state = remover.getState();
                        return state == Thread.State.TERMINATED
                                || state == Thread.State.BLOCKED
                                || state == Thread.State.WAITING;
                    });
                }
                return super.equals(other);
            }

            @Override
            public int hashCode() {
                return super.hashCode();
            }
        };

        report.getServiceAppMapping(service, second, null);
        removers.get(0).join(10_000);
        nacos.put(service, "mapping", "a,b");
        nacos.awaitNotified();

        assertThat(raced).isTrue();
        assertThat(second.apps).contains(Set.of("a", "b"));
        report.removeServiceAppMappingListener(service, second);
        assertThat(nacos.listenerCount(service, "mapping"))
                .as("no nacos-client listener left behind")
                .isZero();
    }

    @Test
    void aMappingNacosRefusesIsReportedOnceAtErrorAndDubboIsToldNotToRetryIt() throws Exception {
        NacosAppMetadataReport report = report("");
        String nested = "org.example.Outer$Inner";

        for (int retry = 0; retry < 3; retry++) {
            assertThat(report.registerServiceAppMapping(nested, "orders-provider", null))
                    .as("done as far as Dubbo is concerned: its retries cannot succeed")
                    .isTrue();
        }
        ConfigItem item = report.getConfigItem(nested, "mapping");
        assertThat(item.getContent()).isNull();
        assertThat(report.registerServiceAppMapping(nested, "mapping", "orders-provider", item.getTicket()))
                .isFalse();

        assertThat(logged).singleElement().satisfies(line -> assertThat(line)
                .startsWith("ERROR")
                .contains(nested)
                .contains("providedBy")
                .contains("provided-by"));
        assertThat(report.registerServiceAppMapping(INTERFACE, "orders-provider", null))
                .as("a mapping Nacos accepts goes through Dubbo's compare-and-set")
                .isFalse();
    }

    @Test
    void aMappingNacosRefusesIsNotListenedToAndLeavesTheOtherMappingsListenedTo() throws Exception {
        NacosAppMetadataReport report = report("");
        String nested = "org.example.Outer$Inner";
        nacos.put(INTERFACE, "mapping", "a");
        Heard other = new Heard();
        Heard ofNested = new Heard();
        report.getServiceAppMapping(INTERFACE, other, null);

        assertThat(report.getServiceAppMapping(nested, ofNested, null)).isEmpty();
        assertThat(report.getServiceAppMapping(nested, null)).isEmpty();
        assertThat(report.getServiceAppMapping(nested, null)).isEmpty();
        nacos.put(INTERFACE, "mapping", "a,b");
        nacos.awaitNotified();
        report.removeServiceAppMappingListener(nested, ofNested);

        assertThat(other.apps).contains(Set.of("a", "b"));
        assertThat(nacos.listenerCount(nested, "mapping")).isZero();
        assertThat(logged)
                .singleElement()
                .satisfies(line ->
                        assertThat(line).startsWith("ERROR").contains(nested).contains("providedBy"));
    }

    @Test
    void aSecondDestroyIsHarmlessAndLateListenerCallsLeaveTheClientAlone() throws Exception {
        NacosAppMetadataReport first = report("");
        NacosAppMetadataReport second = report("group=G1");
        Heard ofFirst = new Heard();
        Heard ofSecond = new Heard();
        first.getServiceAppMapping(INTERFACE, ofFirst, null);
        second.getServiceAppMapping(INTERFACE, ofSecond, null);

        first.destroy();
        first.destroy();
        first.getServiceAppMapping(INTERFACE, new Heard(), null);
        first.removeServiceAppMappingListener(INTERFACE, ofFirst);
        nacos.put(INTERFACE, "mapping", "a");
        nacos.awaitNotified();

        assertThat(nacos.listenerCount(INTERFACE, "mapping")).isEqualTo(1);
        assertThat(ofSecond.apps).containsExactly(Set.of("a"));
        assertThat(ofFirst.apps).isEmpty();
        assertThat(second.getServiceAppMapping(INTERFACE, null)).containsExactly("a");

        second.destroy();
        second.destroy();
        second.removeServiceAppMappingListener(INTERFACE, ofSecond);
        second.getServiceAppMapping(INTERFACE, new Heard(), null);
        assertThat(pool.size())
                .as("the shared client is closed once, by the last holder")
                .isZero();
    }

    /**
     * Dubbo stores service definitions on a thread of its own and, when a store fails, hands it to a retry task that
     * its destroy() has already dropped: a store that fails after the report was destroyed (a slow server while an
     * application stops) ends in a NullPointerException inside Dubbo. A store after destroy is dropped instead.
     */
    @Test
    void aDefinitionStoredAfterDestroyIsDroppedAndNeverReachesDubbosDroppedRetry() throws Exception {
        NacosAppMetadataReport report = report("sync-report=true");
        MetadataIdentifier identifier = new MetadataIdentifier(INTERFACE, null, null, "provider", "orders-provider");
        report.destroy();

        report.storeProviderMetadata(identifier, new org.apache.dubbo.metadata.definition.model.ServiceDefinition());

        assertThat(logged).noneMatch(line -> line.startsWith("ERROR"));
        assertThat(nacos.get(identifier.getUniqueKey(KeyTypeEnum.UNIQUE_KEY), "dubbo"))
                .isNull();
    }
}
