package dev.nacosapp.dubbo.discovery.internal.conversion;

/**
 * Keeps a provider that registered a loopback address reachable on loopback. Dubbo's client replaces every host
 * starting with {@code 127.} (and {@code localhost}) by the consumer machine's first network-card address before it
 * connects ({@code NetUtils.filterLocalHost}), so a provider registered as 127.0.0.1 would be called on that card
 * instead. Written as the IPv4-mapped IPv6 form {@code ::ffff:127.0.0.1}, the same address passes Dubbo's check and
 * Java connects to 127.0.0.1 over IPv4. Stateless.
 */
public final class LoopbackHosts {
    private static final String IPV4_MAPPED_PREFIX = "::ffff:";
    /** The usual case, shared rather than built again for every instance of every push. */
    private static final String MAPPED_LOCALHOST = IPV4_MAPPED_PREFIX + "127.0.0.1";

    private LoopbackHosts() {}

    /** The host a Dubbo consumer should be given for a registered address. */
    public static String forDubboClient(String registeredHost) {
        if (registeredHost == null) {
            return null;
        }
        if (registeredHost.equals("127.0.0.1") || registeredHost.equalsIgnoreCase("localhost")) {
            return MAPPED_LOCALHOST;
        }
        if (registeredHost.startsWith("127.") && isIpv4Literal(registeredHost)) {
            return IPV4_MAPPED_PREFIX + registeredHost;
        }
        return registeredHost;
    }

    private static boolean isIpv4Literal(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3) {
                return false;
            }
            for (int i = 0; i < part.length(); i++) {
                if (!Character.isDigit(part.charAt(i))) {
                    return false;
                }
            }
            if (Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }
}
