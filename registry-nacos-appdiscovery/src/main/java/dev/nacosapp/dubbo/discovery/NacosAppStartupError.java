package dev.nacosapp.dubbo.discovery;

/**
 * Stops a Dubbo application from starting: invalid registry parameters, no Nacos server with {@code check=true},
 * credentials Nacos refuses, or an instance Nacos will not accept. The message says what is wrong and what to change.
 *
 * <p>An {@link Error} rather than an exception on purpose, and thrown only while the application starts: Dubbo 3.3
 * catches and merely logs every {@code Exception} from registry creation when the registry's {@code check} is false
 * ({@code AbstractRegistryFactory}) and from the first instance registration ({@code DefaultApplicationDeployer}),
 * so an exception would leave the application running unregistered, or fail later with an unrelated
 * NullPointerException. With {@code check=true} Dubbo would rethrow an exception from registry creation, but wrapped
 * as "Can not create registry" followed by the registry URL, whose parameters can hold a password; an {@code Error}
 * passes through with this message only.
 *
 * <p>Never thrown after startup: a registration Dubbo makes later (a delayed or manual export) runs on Dubbo's refresh
 * task, which an {@code Error} would end; failures there are retried or logged instead.
 */
public class NacosAppStartupError extends Error {
    private static final long serialVersionUID = 1L;

    public NacosAppStartupError(String message, Throwable cause) {
        super(message, cause);
    }

    public NacosAppStartupError(String message) {
        super(message);
    }
}
