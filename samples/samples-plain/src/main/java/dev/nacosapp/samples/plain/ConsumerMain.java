package dev.nacosapp.samples.plain;

import dev.nacosapp.samples.api.GreetingService;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.dubbo.config.ApplicationConfig;
import org.apache.dubbo.config.ReferenceConfig;
import org.apache.dubbo.config.RegistryConfig;
import org.apache.dubbo.config.bootstrap.DubboBootstrap;

/**
 * A Dubbo consumer written with the plain API: finds the instances of {@value ProviderMain#APPLICATION} in Nacos
 * through {@code nacos-app} and calls {@link GreetingService}, printing which provider answered each call.
 *
 * <p>Options ({@code --key value}, or system property {@code sample.key}):
 *
 * <ul>
 *   <li>{@code --nacos host:port}: the Nacos server (default: environment variable NACOS_ADDR, else 127.0.0.1:8848)
 *   <li>{@code --selector env:prod}: only call instances whose Nacos metadata has these key:value pairs
 *   <li>{@code --calls 10}: make this many calls, then exit (the default mode)
 *   <li>{@code --interactive}: instead, read commands from standard input, one per line: {@code call N},
 *       {@code await N} (wait until exactly N providers are seen; prints {@code providers N}) and {@code quit}
 * </ul>
 */
public final class ConsumerMain {
    /** The Dubbo application name of this consumer. */
    public static final String APPLICATION = "greeting-consumer";

    private static final Duration AWAIT_TIMEOUT = Duration.ofSeconds(30);

    private ConsumerMain() {}

    public static void main(String[] args) throws IOException {
        SampleLogging.toLogFile();
        SampleOptions options = SampleOptions.parse(args);
        String nacos = options.nacosAddress();
        String selector = options.get("selector", "");

        ApplicationConfig application = new ApplicationConfig(APPLICATION);
        application.setQosEnable(false);
        // Dubbo 3.3's default. On Dubbo 3.2 it defaults to true, and a consumer then exports a MetadataService on a
        // Dubbo port (20880, on every network interface) that nothing calls. Never false in an application that
        // exports services: Dubbo 3.2 would not register it.
        application.setRegisterConsumer(false);

        // A consumer registers nothing; its registry parameters choose which provider instances it uses:
        //   selector=env:prod,zone:hz  only instances whose metadata has all these pairs (providers set them as labels)
        //   subscribe-clusters=hz      only instances in these Nacos clusters
        // Weights are the providers' (instance-weight), applied here by the load balancer.
        RegistryConfig registry = new RegistryConfig("nacos-app://" + nacos + "?registry-type=service"
                + (selector.isEmpty() ? "" : "&selector=" + selector));

        ReferenceConfig<GreetingService> reference = new ReferenceConfig<>();
        reference.setInterface(GreetingService.class);
        // No providedBy: the providers mapped the interface to their application in Nacos (nacos-app is Dubbo's
        // metadata center too). Name it (reference.setProvidedBy(...)) only where the registry is not used as
        // metadata center (registry.setUseAsMetadataCenter(false)).
        // Start even when no provider is up yet; calls work as soon as one registers.
        reference.setCheck(false);
        // Round robin follows the weights exactly, so the split between providers is easy to see.
        reference.setLoadbalance("roundrobin");
        reference.setTimeout(3000);

        DubboBootstrap bootstrap = DubboBootstrap.getInstance()
                .application(application)
                .registry(registry)
                .reference(reference)
                .start();
        PrintStream out = System.out;
        GreetingClient client = new GreetingClient(reference, out);
        int status;
        if (options.flag("interactive")) {
            status = serveCommands(client, out);
        } else {
            int seen = client.awaitProviders(count -> count > 0, AWAIT_TIMEOUT);
            out.println("providers " + seen);
            status = seen == 0 || client.call(options.getInt("calls", 10)) > 0 ? 1 : 0;
        }
        bootstrap.stop();
        System.exit(status);
    }

    private static int serveCommands(GreetingClient client, PrintStream out) throws IOException {
        out.println("ready");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] words = line.trim().split("\\s+");
            try {
                switch (words[0]) {
                    case "call" -> {
                        client.call(Integer.parseInt(words[1]));
                        out.println("calls done");
                    }
                    case "await" -> {
                        int expected = Integer.parseInt(words[1]);
                        int seen = client.awaitProviders(count -> count == expected, AWAIT_TIMEOUT);
                        out.println(seen == expected ? "providers " + seen : "timeout: sees " + seen + " providers");
                    }
                    case "quit" -> {
                        return 0;
                    }
                    default -> out.println("unknown command: " + line);
                }
            } catch (RuntimeException e) {
                out.println("bad command '" + line + "': " + e);
            }
        }
        return 0;
    }
}
