package dev.nacosapp.dubbo.discovery.internal.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Resolves the register-host and register-interface parameters. An interface so tests can describe a machine's
 * network without depending on the one they run on. Implementations are thread-safe.
 */
public interface NetworkLookup {

    /** Resolves a literal address or host name; throws when it does not resolve. */
    InetAddress resolve(String host) throws UnknownHostException;

    /**
     * The addresses of a network interface, IPv4 first; {@code null} when no interface has that name.
     */
    List<InetAddress> interfaceAddresses(String name) throws SocketException;

    /** The lookup of the machine this runs on. */
    NetworkLookup SYSTEM = new NetworkLookup() {
        @Override
        public InetAddress resolve(String host) throws UnknownHostException {
            return InetAddress.getByName(host);
        }

        @Override
        public List<InetAddress> interfaceAddresses(String name) throws SocketException {
            NetworkInterface nic = NetworkInterface.getByName(name);
            if (nic == null) {
                return null;
            }
            List<InetAddress> v4 = new ArrayList<InetAddress>();
            List<InetAddress> v6 = new ArrayList<InetAddress>();
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address) {
                    v4.add(address);
                } else if (!address.isLinkLocalAddress()) {
                    // A link-local IPv6 address needs a scope id that peers cannot use.
                    v6.add(address);
                }
            }
            v4.addAll(v6);
            return v4;
        }
    };
}
