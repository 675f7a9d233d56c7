package dev.nacosapp.testkit.junit;

import dev.nacosapp.testkit.NacosTarget;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Assumptions;

/**
 * Stands in for a target that could not start here (for example a container without Docker): every method aborts
 * the calling test with the reason, so tests are reported as skipped rather than failed. Stateless and thread-safe.
 */
final class UnavailableTarget {

    private UnavailableTarget() {}

    static NacosTarget create(String reason) {
        return (NacosTarget) Proxy.newProxyInstance(
                NacosTarget.class.getClassLoader(), new Class<?>[] {NacosTarget.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "toString":
                            return "unavailable Nacos target: " + reason;
                        case "hashCode":
                            return System.identityHashCode(proxy);
                        case "equals":
                            return proxy == args[0];
                        case "close":
                            return null;
                        default:
                            Assumptions.abort(reason);
                            return null;
                    }
                });
    }
}
