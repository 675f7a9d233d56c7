package dev.nacosapp.benchmarks.e2e;

import dev.nacosapp.benchmarks.child.ChildProcess;
import java.io.InputStream;
import org.apache.dubbo.config.ApplicationConfig;
import org.apache.dubbo.config.ProtocolConfig;
import org.apache.dubbo.config.RegistryConfig;
import org.apache.dubbo.config.ServiceConfig;
import org.apache.dubbo.config.bootstrap.DubboBootstrap;

/**
 * Child JVM of the end-to-end figure: a Dubbo 3.3 provider of {@link EchoService} that registers its application
 * instance through {@code nacos-app} (the same registration whichever consumer discovers it). Arguments: server
 * address, Dubbo port, token. Runs until stdin closes or it is killed.
 */
public final class EchoProvider {
    public static final String APPLICATION = "bench-e2e-provider";

    private EchoProvider() {}

    public static void main(String[] args) throws Exception {
        String serverAddr = args[0];
        int port = Integer.parseInt(args[1]);
        String token = args[2];

        ApplicationConfig application = new ApplicationConfig(APPLICATION);
        application.setQosEnable(false);
        application.setLogger("slf4j");
        // Dubbo refuses to register a loopback address; register-host makes nacos-app write 127.0.0.1, so consumers
        // only ever call this machine. No config or metadata center: consumers fetch metadata from the provider.
        RegistryConfig registry = new RegistryConfig(
                "nacos-app://" + serverAddr + "?registry-type=service&register-host=127.0.0.1&file-cache=false");
        registry.setUseAsConfigCenter(false);
        registry.setUseAsMetadataCenter(false);

        ServiceConfig<EchoService> service = new ServiceConfig<>();
        service.setInterface(EchoService.class);
        service.setRef(new FixedEcho(token));

        DubboBootstrap.getInstance()
                .application(application)
                .registry(registry)
                .protocol(new ProtocolConfig("dubbo", port))
                .service(service)
                .start();
        ChildProcess.report("started", System.nanoTime());
        InputStream in = System.in;
        while (in.read() >= 0) {
            // Runs until the harness closes stdin or kills this JVM.
        }
        System.exit(0);
    }
}
