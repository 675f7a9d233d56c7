package dev.nacosapp.dubbo.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The library's own layout rules, read from its main sources: the root package's public types are exactly the public
 * API the README's "Public API" section lists, and a class past 250 lines says why. {@link SourceLayoutTest} checks
 * the import direction of every module, this one included.
 */
class PackageLayoutTest {
    private static final String ROOT = "dev.nacosapp.dubbo.discovery";
    private static final Path SOURCES = Paths.get("src", "main", "java");
    private static final int SIZE_LIMIT = 250;
    /** AppWatch, whose pushes, checks and listeners are ordered in one place, is the longest (316 lines). */
    private static final int HARD_SIZE_LIMIT = 320;

    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern PUBLIC_TYPE = Pattern.compile(
            "^public (?:final |abstract )*(?:class|interface|enum|@interface) (\\w+)", Pattern.MULTILINE);

    /**
     * What applications and Dubbo extension authors use, besides the {@code config} package: the SPI entry points Dubbo
     * loads by class name, the discovery and its stats, the startup failures. Adding a type here is an API decision:
     * document it in the README's "Public API" section too.
     */
    private static final Set<String> PUBLIC_API = new TreeSet<>(List.of(
            "MetadataTooLargeException",
            "NacosAppDynamicConfigurationFactory",
            "NacosAppMetadataReportFactory",
            "NacosAppMetricsCollector",
            "NacosAppReadinessProbe",
            "NacosAppRegistryFactory",
            "NacosAppServiceDiscovery",
            "NacosAppServiceDiscoveryFactory",
            "NacosAppStartupError",
            "NacosAppStartupProbe",
            "NacosAppStatsCommand",
            "RegistryTypeNormalizer",
            "WatchStats"));

    @Test
    void theRootPackageMakesPublicOnlyTheDocumentedApi() throws IOException {
        Set<String> publicTypes = new TreeSet<>();
        for (Path source : sources(SOURCES)) {
            String text = read(source);
            if (packageOf(text).equals(ROOT)) {
                Matcher type = PUBLIC_TYPE.matcher(text);
                if (type.find()) {
                    publicTypes.add(type.group(1));
                }
            }
        }
        assertThat(publicTypes).containsExactlyElementsOf(PUBLIC_API);
    }

    @Test
    void theReadmesPublicApiSectionNamesExactlyTheseTypes() throws IOException {
        String readme = read(Paths.get("..", "README.md"));
        int start = readme.indexOf("## Public API");
        assertThat(start).as("README's Public API section").isNotNegative();
        int end = readme.indexOf("\n## ", start + 1);
        Matcher named = Pattern.compile("`(\\w+)`").matcher(readme.substring(start, end < 0 ? readme.length() : end));
        Set<String> documented = new TreeSet<>();
        while (named.find()) {
            documented.add(named.group(1));
        }
        Set<String> expected = new TreeSet<>(PUBLIC_API);
        expected.addAll(List.of("ConfigKey", "InvalidConfigException"));
        assertThat(documented)
                .as("types the README's Public API section names, besides method names")
                .containsAll(expected);
        documented.removeAll(expected);
        documented.remove("watchStats");
        assertThat(documented).as("other names in the section").isEmpty();
    }

    /**
     * A class past about 250 lines is a sign to split it: one that stays longer says why at its top ("longer than
     * ..."), and none grows past the hard limit.
     */
    @Test
    void longClassesSayWhyAndNoneIsFarTooLong() throws IOException {
        List<String> unexplained = new ArrayList<>();
        List<String> tooLong = new ArrayList<>();
        for (Path source : sources(SOURCES)) {
            String text = read(source);
            long lines = text.chars().filter(c -> c == '\n').count();
            if (lines > SIZE_LIMIT && !text.toLowerCase(Locale.ROOT).contains("longer than")) {
                unexplained.add(source + " (" + lines + " lines)");
            }
            if (lines > HARD_SIZE_LIMIT) {
                tooLong.add(source + " (" + lines + " lines)");
            }
        }
        assertThat(unexplained).isEmpty();
        assertThat(tooLong).isEmpty();
    }

    private static String packageOf(String text) {
        Matcher m = PACKAGE.matcher(text);
        return m.find() ? m.group(1) : "";
    }

    private static List<Path> sources(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".java")).collect(Collectors.toList());
        }
    }

    private static String read(Path source) throws IOException {
        return new String(Files.readAllBytes(source), StandardCharsets.UTF_8);
    }
}
