package dev.nacosapp.samples.plain;

import dev.nacosapp.samples.api.Greeting;
import dev.nacosapp.samples.api.GreetingService;

/** Answers with this provider's name and registered address. Immutable, thread-safe. */
final class GreetingServiceImpl implements GreetingService {
    private final String providerName;
    private final String address;

    GreetingServiceImpl(String providerName, String address) {
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
