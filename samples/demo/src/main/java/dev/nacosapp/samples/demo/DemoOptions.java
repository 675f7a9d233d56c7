package dev.nacosapp.samples.demo;

import dev.nacosapp.testkit.model.NacosCredentials;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the demo runs against and where it writes. Parsed once from the command line ({@code --nacos host:port},
 * {@code --logs dir}), the environment ({@code NACOS_ADDR}; {@code NACOS_ADMIN_USERNAME} and {@code
 * NACOS_ADMIN_PASSWORD} for a 3.x server whose admin API needs a login) and system properties ({@code
 * demo.classpath}, {@code demo.logs.dir}). Immutable.
 *
 * @param nacosAddress the Nacos server to use, or {@code null} to start the embedded one
 * @param logsDir where every process writes its log
 * @param classpath the classpath of the provider and consumer JVMs
 * @param javaCommand the {@code java} launcher, the one running the demo
 * @param adminCredentials the user the demo reads a 3.x server's admin API with, or {@code null} (a 3.x server with
 *     admin auth off, or a 2.x server, whose v1 instance list needs no login unless client auth is on)
 */
record DemoOptions(
        String nacosAddress, Path logsDir, String classpath, String javaCommand, NacosCredentials adminCredentials) {

    /** Nacos 3's built-in admin user, whose password a fresh server has its operator set. */
    private static final String DEFAULT_ADMIN = "nacos";

    static DemoOptions parse(String[] args, Map<String, String> env) {
        String nacos = blankToNull(env.get("NACOS_ADDR"));
        String logs = System.getProperty("demo.logs.dir", "target/demo-logs");
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--nacos" -> nacos = blankToNull(required(args[i], value));
                case "--logs" -> logs = required(args[i], value);
                default ->
                    throw new IllegalArgumentException(
                            "unknown argument '" + args[i] + "'; usage: [--nacos host:port] [--logs dir]");
            }
            i++;
        }
        String classpath = System.getProperty("demo.classpath", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String adminPassword = blankToNull(env.get("NACOS_ADMIN_PASSWORD"));
        NacosCredentials admin = adminPassword == null
                ? null
                : new NacosCredentials(
                        orDefault(blankToNull(env.get("NACOS_ADMIN_USERNAME")), DEFAULT_ADMIN), adminPassword);
        return new DemoOptions(nacos, Path.of(logs).toAbsolutePath().normalize(), classpath, java, admin);
    }

    boolean embedded() {
        return nacosAddress == null;
    }

    private static String required(String flag, String value) {
        if (value == null) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return value;
    }

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
