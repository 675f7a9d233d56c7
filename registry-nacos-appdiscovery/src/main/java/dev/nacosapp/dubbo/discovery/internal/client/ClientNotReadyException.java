package dev.nacosapp.dubbo.discovery.internal.client;

import com.alibaba.nacos.api.exception.NacosException;

/**
 * A shared client was still being created (nacos-client connecting) when its waiter's bound ran out. The creation goes
 * on; the caller decides whether to fail or to wait longer.
 */
public final class ClientNotReadyException extends NacosException {
    private static final long serialVersionUID = 1L;

    ClientNotReadyException(long boundMillis) {
        super(CLIENT_DISCONNECT, "no connection to a Nacos server within " + boundMillis + " ms");
    }
}
