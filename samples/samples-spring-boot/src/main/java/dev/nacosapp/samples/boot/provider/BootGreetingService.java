package dev.nacosapp.samples.boot.provider;

import dev.nacosapp.samples.api.Greeting;
import dev.nacosapp.samples.api.GreetingService;
import org.apache.dubbo.config.annotation.DubboService;
import org.springframework.beans.factory.annotation.Value;

/** Answers with this provider's name and registered address. Immutable, thread-safe. */
@DubboService
public class BootGreetingService implements GreetingService {
    private final String providerName;
    private final String address;

    public BootGreetingService(
            @Value("${samples.provider-name}") String providerName,
            @Value("${samples.provider-address}") String address) {
        this.providerName = providerName;
        this.address = address;
    }

    @Override
    public Greeting greet(String name) {
        return new Greeting(
                "Hello, " + name,
                providerName,
                address,
                Greeting.currentCaller(
                        org.apache.dubbo.rpc.RpcContext.getServiceContext().getRemoteAddress()));
    }
}
