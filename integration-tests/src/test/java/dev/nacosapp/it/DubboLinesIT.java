package dev.nacosapp.it;

import static dev.nacosapp.it.support.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nacosapp.it.app.Consumer;
import dev.nacosapp.it.app.ConsumerMain;
import dev.nacosapp.it.app.ProviderApp;
import dev.nacosapp.it.app.ProviderSpec;
import dev.nacosapp.it.support.FreePorts;
import dev.nacosapp.it.support.Logs;
import dev.nacosapp.it.support.Names;
import dev.nacosapp.it.support.OtherDubboLine;
import dev.nacosapp.it.support.ProviderProcess;
import dev.nacosapp.it.support.Registry;
import dev.nacosapp.it.support.Started;
import dev.nacosapp.it.support.TestJvms;
import dev.nacosapp.testkit.junit.WithNacos;
import dev.nacosapp.testkit.process.ChildJvm;
import dev.nacosapp.testkit.server.NacosTarget;
import java.util.List;
import java.util.Map;
import org.apache.dubbo.common.Version;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A fleet across the two supported Dubbo lines, 3.2 and 3.3, all on nacos-app: a provider on the other line than this
 * JVM's (a JVM on the {@code other-dubbo-line} module's class path, the library's jar as published) and a consumer on
 * this one, and the reverse. The consumers name no {@code providedBy}: each side finds the other's application through
 * the interface-to-application mapping in Nacos, and reads its metadata from its MetadataService or from the metadata
 * report. Every JVM on the other line proves which Dubbo it ran by the version Dubbo appends to its log lines.
 */
@WithNacos
class DubboLinesIT {

    private final String namespace = Names.unique("it-lines");

    private final Started started = new Started();

    @AfterEach
    void stopAll() throws Exception {
        started.close();
    }

    @Test
    void aConsumerOnThisLineCallsAProviderOnTheOtherLineThroughTheMapping(NacosTarget nacos) {
        Registry registry = Registry.of(nacos).namespace(namespace);
        String application = Names.unique("other-line-provider");
        ProviderProcess provider = otherLineProvider(ProviderSpec.of(application, "other-line-1", registry.address())
                .withProtocol("dubbo", FreePorts.next()));

        Consumer consumer = started.add(
                Consumer.of(registry.address(), application).withoutProvidedBy().start());

        eventually().ignoreExceptions().until(consumer::whoAmI, "other-line-1"::equals);
        assertThat(consumer.calls(20).failures()).isEmpty();
        assertThat(provider.output())
                .as("log %s", provider.log())
                .contains(dubboVersion(OtherDubboLine.dubboVersion()));
    }

    @Test
    void withRemoteMetadataAConsumerOnThisLineReadsWhatAProviderOnTheOtherLineReported(NacosTarget nacos) {
        Registry registry = Registry.of(nacos).namespace(namespace);
        String application = Names.unique("other-line-remote");
        ProviderProcess provider =
                otherLineProvider(ProviderSpec.of(application, "other-line-remote", registry.address())
                        .withProtocol("tri", FreePorts.next())
                        .withMetadataType("remote"));

        Consumer consumer = started.add(Consumer.of(registry.address(), application)
                .withoutProvidedBy()
                .metadataType("remote")
                .start());

        eventually().ignoreExceptions().until(consumer::whoAmI, "other-line-remote"::equals);
        assertThat(consumer.calls(20).failures()).isEmpty();
        assertThat(provider.output())
                .as("log %s", provider.log())
                .contains(dubboVersion(OtherDubboLine.dubboVersion()));
    }

    @Test
    void aConsumerOnTheOtherLineCallsAProviderOnThisLineThroughTheMapping(NacosTarget nacos) {
        Registry registry = Registry.of(nacos).namespace(namespace);
        String application = Names.unique("this-line-provider");
        started.add(ProviderApp.start(ProviderSpec.of(application, "this-line-1", registry.address())
                .withProtocol("dubbo", FreePorts.next())));

        ChildJvm consumer = started.add(
                TestJvms.builder("consumer on Dubbo " + OtherDubboLine.dubboVersion(), ConsumerMain.class.getName())
                        .classPath(OtherDubboLine.classPath())
                        .log(Logs.dirFor(getClass()).resolve(application + "-other-line-consumer.log"))
                        .args(List.of(registry.address(), application, "20"))
                        .start());
        eventually().until(() -> !consumer.isAlive());

        assertThat(TestJvms.awaitExit(consumer))
                .as("exit status; log %s", consumer.log())
                .isZero();
        assertThat(consumer.output())
                .as("log %s", consumer.log())
                .contains(ConsumerMain.RESULT + "answers={this-line-1=20} failures=0 caller=127.0.0.1")
                .contains(dubboVersion(OtherDubboLine.dubboVersion()))
                .doesNotContain(dubboVersion(Version.getVersion()));
    }

    private ProviderProcess otherLineProvider(ProviderSpec spec) {
        return started.add(ProviderProcess.launch(getClass(), OtherDubboLine.classPath(), Map.of(), spec))
                .awaitReady();
    }

    /** What Dubbo's logger appends to every line it logs, naming the Dubbo that runs. */
    private static String dubboVersion(String version) {
        return "dubbo version: " + version + ",";
    }
}
