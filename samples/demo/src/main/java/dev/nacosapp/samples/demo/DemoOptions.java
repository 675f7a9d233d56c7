package dev.nacosapp.samples.demo;

import java.nio.file.Path;
import java.util.Map;

/**
 * What the demo runs against and where it writes. Parsed once from the command line ({@code --nacos host:port},
 * {@code --logs dir}), the environment ({@code NACOS_ADDR}) and system properties ({@code demo.classpath},
 * {@code demo.logs.dir}). Immutable.
 *
 * @param nacosAddress the Nacos server to use, or {@code null} to start the embedded one
 * @param logsDir where every process writes its log
 * @param classpath the classpath of the provider and consumer JVMs
 * @param javaCommand the {@code java} launcher, the one running the demo
 */
record DemoOptions(String nacosAddress, Path logsDir, String classpath, String javaCommand) {

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
        return new DemoOptions(nacos, Path.of(logs).toAbsolutePath().normalize(), classpath, java);
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

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
