package dev.nacosapp.samples.plain;

import dev.nacosapp.samples.api.GreetingService;
import org.apache.dubbo.config.ApplicationConfig;
import org.apache.dubbo.config.ProtocolConfig;
import org.apache.dubbo.config.RegistryConfig;
import org.apache.dubbo.config.ServiceConfig;
import org.apache.dubbo.config.bootstrap.DubboBootstrap;

/**
 * A Dubbo provider written with the plain API: exports {@link GreetingService} over the Dubbo protocol (Netty) and
 * registers one instance of the application {@value #APPLICATION} in Nacos through {@code nacos-app}.
 *
 * <p>Options ({@code --key value}, or system property {@code sample.key}):
 *
 * <ul>
 *   <li>{@code --nacos host:port}: the Nacos server (default: environment variable NACOS_ADDR, else 127.0.0.1:8848)
 *   <li>{@code --name provider-a}: the name this instance answers with
 *   <li>{@code --port 20880}: the Dubbo protocol port; give each provider on one machine its own
 *   <li>{@code --cluster DEFAULT}: the Nacos cluster to register in
 *   <li>{@code --weight 1.0}: the Nacos weight of this instance
 * </ul>
 *
 * <p>Instance metadata that consumers can select on comes from Dubbo's labels: the environment variable
 * {@code DUBBO_LABELS="env=prod;zone=hz"} or the system property {@code -Ddubbo.labels=env=prod;zone=hz}.
 *
 * <p>Runs until the JVM is stopped; Dubbo's shutdown hook then deregisters the instance before the server closes.
 */
public final class ProviderMain {
    /** The Dubbo application name, which is also the Nacos service name its instances are registered under. */
    public static final String APPLICATION = "greeting-provider";

    /** The address written to Nacos for this instance. */
    static final String REGISTER_HOST = "127.0.0.1";

    private ProviderMain() {}

    public static void main(String[] args) {
        SampleLogging.toLogFile();
        SampleOptions options = SampleOptions.parse(args);
        String nacos = options.nacosAddress();
        String name = options.get("name", "provider-a");
        int port = options.getInt("port", 20880);
        String cluster = options.get("cluster", "DEFAULT");
        String weight = options.get("weight", "1.0");

        ApplicationConfig application = new ApplicationConfig(APPLICATION);
        // QoS listens on 22222 by default: a second process on the same machine would fail to bind it.
        application.setQosEnable(false);

        RegistryConfig registry = new RegistryConfig("nacos-app://" + nacos
                + "?registry-type=service"
                // Dubbo registers the first network card's address and refuses loopback addresses; register-host
                // makes nacos-app write 127.0.0.1 to Nacos instead, so consumers only ever call this machine.
                + "&register-host=" + REGISTER_HOST
                + "&cluster-name=" + cluster
                // Nacos weight of this instance; consumers' load balancers see round(weight x 100).
                + "&instance-weight=" + weight);

        ServiceConfig<GreetingService> service = new ServiceConfig<>();
        service.setInterface(GreetingService.class);
        service.setRef(new GreetingServiceImpl(name, REGISTER_HOST + ":" + port));
        // Dubbo ramps a new provider's weight up over 10 minutes; a short-lived sample wants the configured weight now.
        service.setWarmup(0);

        DubboBootstrap bootstrap = DubboBootstrap.getInstance()
                .application(application)
                .registry(registry)
                .protocol(new ProtocolConfig("dubbo", port))
                .service(service)
                .start();
        System.out.println(name + " ready: application " + APPLICATION + ", Dubbo protocol on port " + port
                + ", registered as " + REGISTER_HOST + ":" + port + " in cluster " + cluster + " of Nacos " + nacos);
        bootstrap.await();
    }
}
