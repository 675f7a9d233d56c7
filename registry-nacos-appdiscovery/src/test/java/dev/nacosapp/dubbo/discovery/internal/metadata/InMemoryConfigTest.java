package dev.nacosapp.dubbo.discovery.internal.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.alibaba.nacos.api.config.listener.AbstractListener;
import com.alibaba.nacos.api.exception.NacosException;
import com.alibaba.nacos.common.utils.MD5Utils;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The config double behaves as a Nacos 2.5.1 server and nacos-client 2.5.1 do where the library depends on it. */
class InMemoryConfigTest {
    private final InMemoryConfig nacos = new InMemoryConfig();
    private final ConfigOperations client = nacos.create(new Properties());
    private final ExecutorService racers = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        racers.shutdownNow();
    }

    private static final class Recorder extends AbstractListener {
        final List<String> contents = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();

        @Override
        public void receiveConfigInfo(String content) {
            contents.add(content);
            threads.add(Thread.currentThread().getName());
        }
    }

    private static String md5(String content) {
        return MD5Utils.md5Hex(content, StandardCharsets.UTF_8.name());
    }

    @Test
    void ofTwoConcurrentCompareAndSetsWithOneMd5ExactlyOneWins() throws Exception {
        ConfigOperations other = nacos.create(new Properties());
        for (int round = 0; round < 3000; round++) {
            String dataId = "icfg-cas-" + round;
            client.publishConfig(dataId, "mapping", "a");
            CyclicBarrier start = new CyclicBarrier(2);
            Callable<Boolean> first = () -> {
                start.await();
                return client.publishConfigCas(dataId, "mapping", "a,b", md5("a"));
            };
            Callable<Boolean> second = () -> {
                start.await();
                return other.publishConfigCas(dataId, "mapping", "a,c", md5("a"));
            };
            Future<Boolean> one = racers.submit(first);
            Future<Boolean> two = racers.submit(second);

            assertThat(List.of(one.get(), two.get())).as("round " + round).containsOnlyOnce(true);
        }
    }

    @Test
    void listenersAreCalledOnTheClientsThreadOnlyWhenTheContentChanged() throws Exception {
        Recorder recorder = new Recorder();
        client.addListener("icfg-notify", "mapping", recorder);

        for (String content : new String[] {"a", "a", "a,b", null}) {
            nacos.put("icfg-notify", "mapping", content);
            nacos.awaitNotified();
        }

        assertThat(recorder.contents).containsExactly("a", "a,b", null);
        assertThat(recorder.threads)
                .allSatisfy(name -> assertThat(name).startsWith("nacos.client.config.listener.task-"));
    }

    @Test
    void aListenerOfANewlyListenedConfigGetsItsContentButOneAddedNextToOthersDoesNot() throws Exception {
        nacos.put("icfg-initial", "mapping", "a");
        Recorder first = new Recorder();
        Recorder second = new Recorder();

        client.addListener("icfg-initial", "mapping", first);
        nacos.awaitNotified();
        client.addListener("icfg-initial", "mapping", second);
        nacos.awaitNotified();

        assertThat(first.contents).containsExactly("a");
        assertThat(second.contents).isEmpty();
    }

    @Test
    void aDataIdWithADollarIsRefusedByTheClientAndItsListenerSilencesTheWholeClient() throws Exception {
        String nested = "org.example.Outer$Inner";
        assertThatThrownBy(() -> client.getConfig(nested, "mapping", 3000))
                .isInstanceOfSatisfying(NacosException.class, e -> {
                    assertThat(e.getErrCode()).isEqualTo(NacosException.CLIENT_INVALID_PARAM);
                    assertThat(e.getErrMsg()).isEqualTo("dataId invalid");
                });
        assertThatThrownBy(() -> client.publishConfigCas(nested, "mapping", "a", "0"))
                .isInstanceOf(NacosException.class);
        assertThatThrownBy(() -> client.publishConfig(nested, "mapping", "a")).isInstanceOf(NacosException.class);
        assertThatThrownBy(() -> client.removeConfig(nested, "mapping")).isInstanceOf(NacosException.class);

        Recorder legal = new Recorder();
        client.addListener("icfg-legal", "mapping", legal);
        client.addListener(nested, "mapping", new Recorder());
        nacos.put("icfg-legal", "mapping", "a");
        nacos.awaitNotified();

        assertThat(legal.contents).as("the batch listen is refused whole").isEmpty();
    }

    @Test
    void whileTheServerIsDownReadsAnswerFromTheSnapshotAndWritesFail() throws Exception {
        nacos.put("icfg-down", "mapping", "a");
        assertThat(client.getConfig("icfg-down", "mapping", 3000)).isEqualTo("a");
        nacos.put("icfg-down", "mapping", "a,b");

        nacos.setDown(true);

        assertThat(client.getConfig("icfg-down", "mapping", 3000)).isEqualTo("a");
        assertThat(client.getConfig("icfg-never-read", "mapping", 3000)).isNull();
        assertThat(client.publishConfig("icfg-down", "mapping", "c")).isFalse();
        assertThat(client.publishConfigCas("icfg-down", "mapping", "c", md5("a,b")))
                .isFalse();
        assertThatThrownBy(() -> client.removeConfig("icfg-down", "mapping")).isInstanceOf(NacosException.class);
        assertThat(nacos.get("icfg-down", "mapping")).isEqualTo("a,b");
    }

    @Test
    void afterShutdownEveryCallFailsAndNoListenerIsCalled() throws Exception {
        Recorder recorder = new Recorder();
        client.addListener("icfg-shut", "mapping", recorder);

        client.shutdown();
        nacos.put("icfg-shut", "mapping", "a");
        nacos.awaitNotified();

        assertThat(recorder.contents).isEmpty();
        List<Callable<?>> calls = new ArrayList<>();
        calls.add(() -> client.getConfig("icfg-shut", "mapping", 3000));
        calls.add(() -> client.publishConfig("icfg-shut", "mapping", "b"));
        calls.add(() -> client.publishConfigCas("icfg-shut", "mapping", "b", md5("a")));
        calls.add(() -> client.removeConfig("icfg-shut", "mapping"));
        calls.add(() -> {
            client.addListener("icfg-shut", "mapping", new Recorder());
            return null;
        });
        calls.add(() -> {
            client.removeListener("icfg-shut", "mapping", recorder);
            return null;
        });
        for (Callable<?> call : calls) {
            assertThatThrownBy(call::call).isInstanceOf(IllegalStateException.class);
        }
        assertThat(nacos.get("icfg-shut", "mapping")).isEqualTo("a");
    }
}
