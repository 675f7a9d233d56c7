package dev.nacosapp.dubbo.discovery.internal.client;

import com.alibaba.nacos.api.exception.NacosException;

/** How Nacos errors read in nacos-app's messages. Stateless. */
public final class NacosErrors {
    private NacosErrors() {}

    /** The server's message and its code, e.g. {@code user not found! (Nacos error code 403)}. */
    public static String describe(NacosException e) {
        String message = e.getErrMsg() != null ? e.getErrMsg() : String.valueOf(e.getMessage());
        return message + " (Nacos error code " + e.getErrCode() + ")";
    }
}
