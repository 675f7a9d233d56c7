package dev.nacosapp.it.app;

import org.apache.dubbo.common.URL;
import org.apache.dubbo.rpc.RpcContext;

/** Answers with a fixed provider name and the endpoint of the current call. Immutable, thread-safe. */
public final class EchoServiceImpl implements EchoService {

    private final String name;

    public EchoServiceImpl(String name) {
        this.name = name;
    }

    @Override
    public String whoAmI() {
        return name;
    }

    @Override
    public String endpoint() {
        URL url = RpcContext.getServiceContext().getUrl();
        return url.getProtocol() + ":" + url.getPort();
    }

    @Override
    public String callerHost() {
        // The socket's own address: RpcContext.getRemoteHost() maps 127.x to the machine's network address.
        return RpcContext.getServiceContext().getRemoteAddress().getAddress().getHostAddress();
    }
}
