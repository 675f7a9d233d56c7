package dev.nacosapp.it.support;

import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.stream.Collectors;

/** The machine's network cards, for JVMs that must keep Dubbo on loopback. Stateless. */
public final class NetworkCards {

    private NetworkCards() {}

    /**
     * Every network interface but loopback, as Dubbo's {@code dubbo.network.interface.ignored} wants them: with all of
     * them ignored, Dubbo (and its built-in Nacos discovery, which has no register-host) falls back to 127.0.0.1.
     *
     * @return the interface names, comma-separated
     * @throws SocketException when the interfaces cannot be listed
     */
    public static String allButLoopback() throws SocketException {
        return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .filter(card -> {
                    try {
                        return !card.isLoopback();
                    } catch (SocketException e) {
                        return true;
                    }
                })
                .map(NetworkInterface::getName)
                .collect(Collectors.joining(","));
    }
}
