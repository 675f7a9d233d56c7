package dev.nacosapp.samples.plain;

import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Sends every framework log line to SLF4J, and so to the log file of {@code logback.xml}: Dubbo (which otherwise
 * probes for a logging framework and reports its choice on the console) and java.util.logging (used by the gRPC
 * inside nacos-client). Call first thing in {@code main}.
 */
final class SampleLogging {
    private SampleLogging() {}

    static void toLogFile() {
        if (System.getProperty("dubbo.application.logger") == null) {
            System.setProperty("dubbo.application.logger", "slf4j");
        }
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
    }
}
