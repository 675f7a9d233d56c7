package dev.nacosapp.benchmarks.report;

import com.alibaba.nacos.common.utils.VersionUtils;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.apache.dubbo.common.Version;

/** Where and with what a run was measured: software versions, JDK and machine. Immutable. */
public record Environment(
        String dubbo,
        String nacosClient,
        String nacosApp,
        String commit,
        String jdk,
        String jmh,
        String cpuModel,
        int cpus,
        String memory,
        String os) {

    public static Environment detect() {
        return new Environment(
                Version.getVersion(),
                VersionUtils.version,
                nacosAppVersion(),
                System.getProperty("bench.commit", "unknown"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
                        + System.getProperty("java.vendor") + ")",
                org.openjdk.jmh.util.Version.getPlainVersion(),
                detectCpuModel(),
                Runtime.getRuntime().availableProcessors(),
                detectMemory(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"));
    }

    private static String nacosAppVersion() {
        String resource = "/META-INF/maven/dev.nacosapp/registry-nacos-appdiscovery/pom.properties";
        try (InputStream in = Environment.class.getResourceAsStream(resource)) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String detectCpuModel() {
        for (String line : lines("/proc/cpuinfo")) {
            if (line.startsWith("model name")) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return "unknown CPU";
    }

    private static String detectMemory() {
        for (String line : lines("/proc/meminfo")) {
            if (line.startsWith("MemTotal:")) {
                long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
                return String.format(Locale.ROOT, "%.0f GiB", kib / 1024.0 / 1024.0);
            }
        }
        return "unknown memory";
    }

    private static List<String> lines(String file) {
        try {
            return Files.readAllLines(Path.of(file));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** One line for the report header. */
    public String machine() {
        return cpuModel + ", " + cpus + " CPUs, " + memory + ", " + os;
    }
}
