package dev.nacosapp.dubbo.discovery.internal.client;

import com.alibaba.nacos.api.exception.NacosException;

/** How Nacos errors read in nacos-app's messages. Stateless. */
public final class NacosErrors {
    private NacosErrors() {}

    /**
     * The server's message and its code, e.g. {@code user not found! (Nacos error code 403)}; for a client that could
     * not be built because a class is missing, which class and what to add.
     */
    public static String describe(NacosException e) {
        NoClassDefFoundError missing = missingClass(e);
        if (missing != null) {
            return missingClassAdvice(missing.getMessage().replace('/', '.'));
        }
        String message = e.getErrMsg() != null ? e.getErrMsg() : String.valueOf(e.getMessage());
        return message + " (Nacos error code " + e.getErrCode() + ")";
    }

    private static NoClassDefFoundError missingClass(Throwable e) {
        for (Throwable cause = e; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof NoClassDefFoundError && cause.getMessage() != null) {
                return (NoClassDefFoundError) cause;
            }
        }
        return null;
    }

    private static String missingClassAdvice(String className) {
        String advice = "class " + className + " is missing from the class path";
        // nacos-client logs through SLF4J but declares no dependency on it: an application without any logging
        // library (plain Dubbo) fails here. nacos-client itself only reports the bare class name.
        if (className.startsWith("org.slf4j.")) {
            advice += "; nacos-client needs SLF4J and leaves it to the application: add org.slf4j:slf4j-api and a"
                    + " binding (for example org.slf4j:slf4j-simple or ch.qos.logback:logback-classic)";
        }
        return advice;
    }
}
