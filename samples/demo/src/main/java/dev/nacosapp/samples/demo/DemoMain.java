package dev.nacosapp.samples.demo;

import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Runs the demo: {@code ./demo.sh} from the repository root, or this class on the demo module's runtime classpath.
 * Without {@code NACOS_ADDR} (or {@code --nacos host:port}) it starts the embedded Nacos-compatible server. Exits 0
 * when every step worked.
 */
public final class DemoMain {
    private DemoMain() {}

    public static void main(String[] args) {
        DemoOptions options;
        try {
            options = DemoOptions.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        // Before anything logs: the embedded server's logs go to a file next to the other processes' logs.
        System.setProperty(
                "samples.log.file", options.logsDir().resolve("demo.log").toString());
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        System.exit(new Demo(options, System.out).run());
    }
}
