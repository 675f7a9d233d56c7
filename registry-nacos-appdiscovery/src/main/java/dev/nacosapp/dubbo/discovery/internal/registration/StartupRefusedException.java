package dev.nacosapp.dubbo.discovery.internal.registration;

/**
 * The registration the application starts with cannot succeed, so the application must not start; the message says
 * why and what to change, the cause is what refused it. Internal: the discovery turns it into the public
 * {@code NacosAppStartupError}, so this package does not depend on the API above it. Immutable.
 */
public final class StartupRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StartupRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
