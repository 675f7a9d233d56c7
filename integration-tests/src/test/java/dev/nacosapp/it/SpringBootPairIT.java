package dev.nacosapp.it;

import static dev.nacosapp.it.support.Waits.within;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nacosapp.it.support.FreePorts;
import dev.nacosapp.it.support.Logs;
import dev.nacosapp.it.support.Names;
import dev.nacosapp.it.support.TestJvms;
import dev.nacosapp.samples.boot.consumer.BootConsumerApplication;
import dev.nacosapp.samples.boot.provider.BootProviderApplication;
import dev.nacosapp.testkit.http.RegisteredInstance;
import dev.nacosapp.testkit.junit.WithNacos;
import dev.nacosapp.testkit.process.ChildJvm;
import dev.nacosapp.testkit.server.NacosTarget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #4, case 11: the Spring Boot sample pair ({@code samples-spring-boot}) works end to end configured only by
 * its {@code application.yml}. Two providers and the consumer run as separate JVMs; the test only fills the YAML's
 * placeholders (Nacos address, provider name and port, number of calls) and puts them in a namespace of their own,
 * so that they never meet another run's instances of the fixed application name.
 */
@WithNacos
class SpringBootPairIT {

    /** The provider application name written in the sample's application-provider.yml. */
    private static final String APPLICATION = "boot-greeting-provider";

    private static final int CALLS = 20;

    private static final Pattern ANSWER = Pattern.compile("call \\d+ -> answered by (\\S+) \\((\\S+)\\)");

    private final String namespace = Names.unique("it-boot");

    private final List<ChildJvm> jvms = new ArrayList<>();

    @AfterEach
    void stopAll() {
        jvms.forEach(ChildJvm::close);
    }

    @Test
    void springBootProvidersAndConsumerConfiguredByApplicationYmlWorkEndToEnd(NacosTarget nacos) {
        int portA = FreePorts.next();
        int portB = FreePorts.next();
        start(
                "boot-provider-a",
                BootProviderApplication.class,
                nacos,
                Map.of("PROVIDER_NAME", "boot-provider-a", "PROVIDER_PORT", String.valueOf(portA)));
        start(
                "boot-provider-b",
                BootProviderApplication.class,
                nacos,
                Map.of("PROVIDER_NAME", "boot-provider-b", "PROVIDER_PORT", String.valueOf(portB)));

        List<RegisteredInstance> instances = within(Duration.ofSeconds(120))
                .until(() -> nacos.http().instances(namespace, "", APPLICATION), list -> list.size() == 2);
        assertThat(instances).extracting(RegisteredInstance::ip).containsOnly("127.0.0.1");
        assertThat(instances).extracting(RegisteredInstance::port).containsExactlyInAnyOrder(portA, portB);
        assertThat(instances).allSatisfy(instance -> {
            assertThat(instance.clusterName()).isEqualTo("DEFAULT");
            assertThat(instance.metadata())
                    .as("the providers' dubbo.labels from application-provider.yml")
                    .containsEntry("env", "prod")
                    .containsEntry("zone", "hz");
            assertThat(instance.metadata().get("dubbo.endpoints")).contains("\"protocol\":\"tri\"");
        });

        ChildJvm consumer =
                start("boot-consumer", BootConsumerApplication.class, nacos, Map.of("CALLS", String.valueOf(CALLS)));
        within(Duration.ofSeconds(120)).until(() -> !consumer.isAlive());

        String output = consumer.output();
        assertThat(consumer.exitValue())
                .as("exit status, the number of failed calls; log:%n%s", output)
                .isZero();
        Map<String, Integer> answers = new LinkedHashMap<>();
        Matcher matcher = ANSWER.matcher(output);
        while (matcher.find()) {
            answers.merge(matcher.group(1) + " at " + matcher.group(2), 1, Integer::sum);
        }
        assertThat(answers)
                .as("who answered the consumer's %d calls", CALLS)
                .containsOnlyKeys("boot-provider-a at 127.0.0.1:" + portA, "boot-provider-b at 127.0.0.1:" + portB);
        assertThat(answers.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(CALLS);
    }

    private ChildJvm start(String name, Class<?> main, NacosTarget nacos, Map<String, String> placeholders) {
        Map<String, String> environment = new HashMap<>(placeholders);
        environment.put("NACOS_ADDR", nacos.serverAddr());
        List<String> args = new ArrayList<>();
        args.add("--dubbo.registry.parameters.namespace=" + namespace);
        nacos.credentials().ifPresent(c -> {
            args.add("--dubbo.registry.parameters.username=" + c.username());
            args.add("--dubbo.registry.parameters.password=" + c.password());
        });
        Map<String, String> properties = new HashMap<>();
        // Log through slf4j-simple into the JVM's log file, like every JVM of this suite.
        properties.put("org.springframework.boot.logging.LoggingSystem", "none");
        properties.put("org.slf4j.simpleLogger.defaultLogLevel", "info");
        ChildJvm jvm = TestJvms.builder(name, main.getName())
                .log(Logs.dirFor(getClass()).resolve(name + ".log"))
                .systemProperties(properties)
                .environment(environment)
                .args(args)
                .start();
        jvms.add(jvm);
        return jvm;
    }
}
