package dev.nacosapp.dubbo.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layout of every module of the repository, main and test sources alike, read from their imports: no package
 * imports one above it (a parent package is the top of what it holds), the packages of one source folder import each
 * other without cycles, and no main class is much over 300 lines. The library's own, stricter rules are in {@link
 * PackageLayoutTest}. Lives in the library's tests because it is the first module built.
 */
class SourceLayoutTest {
    private static final Path REPOSITORY = Paths.get("..").toAbsolutePath().normalize();
    private static final String PROJECT_PACKAGES = "dev.nacosapp";
    private static final int SIZE_LIMIT = 300;
    /** What a class that says why it is long ("longer than ...") may reach. */
    private static final int HARD_SIZE_LIMIT = 320;

    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern IMPORT = Pattern.compile(
            "^import (?:static )?(" + Pattern.quote(PROJECT_PACKAGES) + "[\\w.]*?)(?:\\.\\*)?;", Pattern.MULTILINE);

    @Test
    void theRepositoryHasTheModulesThisTestReads() throws IOException {
        assertThat(sourceFolders())
                .extracting(folder -> REPOSITORY.relativize(folder).getName(0).toString())
                .contains("registry-nacos-appdiscovery", "nacos-testkit", "samples", "integration-tests", "benchmarks");
    }

    @Test
    void noPackageImportsOneAboveIt() throws IOException {
        List<String> upward = new ArrayList<>();
        for (Path folder : sourceFolders()) {
            packageGraph(folder).forEach((from, targets) -> targets.stream()
                    .filter(to -> from.startsWith(to + "."))
                    .forEach(to -> upward.add(REPOSITORY.relativize(folder) + ": " + from + " -> " + to)));
        }
        assertThat(upward).isEmpty();
    }

    @Test
    void packagesImportEachOtherWithoutCycles() throws IOException {
        List<String> cycles = new ArrayList<>();
        for (Path folder : sourceFolders()) {
            for (Set<String> cycle : new Cycles(packageGraph(folder)).find()) {
                cycles.add(REPOSITORY.relativize(folder) + ": " + cycle);
            }
        }
        assertThat(cycles)
                .as("packages that import each other, directly or through others")
                .isEmpty();
    }

    @Test
    void noMainClassIsMuchOverThreeHundredLines() throws IOException {
        List<String> unexplained = new ArrayList<>();
        List<String> tooLong = new ArrayList<>();
        for (Path folder : sourceFolders()) {
            if (!folder.endsWith(Paths.get("src", "main", "java"))) {
                continue;
            }
            for (Path source : javaFiles(folder)) {
                String text = read(source);
                long lines = text.chars().filter(c -> c == '\n').count();
                String named = REPOSITORY.relativize(source) + " (" + lines + " lines)";
                if (lines > SIZE_LIMIT && !text.toLowerCase(Locale.ROOT).contains("longer than")) {
                    unexplained.add(named);
                }
                if (lines > HARD_SIZE_LIMIT) {
                    tooLong.add(named);
                }
            }
        }
        assertThat(unexplained)
                .as("classes over " + SIZE_LIMIT + " lines that do not say why")
                .isEmpty();
        assertThat(tooLong).as("classes over " + HARD_SIZE_LIMIT + " lines").isEmpty();
    }

    /**
     * Every {@code src/main/java} and {@code src/test/java} of the repository's modules. Build output and hidden folders
     * are not entered: they are written while the tests run.
     */
    private static List<Path> sourceFolders() throws IOException {
        Path main = Paths.get("src", "main", "java");
        Path test = Paths.get("src", "test", "java");
        List<Path> folders = new ArrayList<>();
        Files.walkFileTree(REPOSITORY, Set.of(), 6, new SimpleFileVisitor<Path>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                String name = dir.getFileName().toString();
                if (!dir.equals(REPOSITORY) && (name.equals("target") || name.startsWith("."))) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                if (dir.endsWith(main) || dir.endsWith(test)) {
                    folders.add(dir);
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }
        });
        folders.sort(null);
        return folders;
    }

    /** Package -> the project packages it imports from, for one source folder. */
    private static Map<String, Set<String>> packageGraph(Path folder) throws IOException {
        Map<String, Set<String>> graph = new TreeMap<>();
        for (Path source : javaFiles(folder)) {
            String text = read(source);
            Matcher declared = PACKAGE.matcher(text);
            String from = declared.find() ? declared.group(1) : "";
            Matcher imported = IMPORT.matcher(text);
            while (imported.find()) {
                String to = packageOfName(imported.group(1));
                if (!to.equals(from)) {
                    graph.computeIfAbsent(from, p -> new TreeSet<>()).add(to);
                }
            }
        }
        return graph;
    }

    /** The package part of a qualified name: the segments before the first capitalised one. */
    private static String packageOfName(String name) {
        List<String> segments = new ArrayList<>();
        for (String segment : name.split("\\.")) {
            if (Character.isUpperCase(segment.charAt(0))) {
                break;
            }
            segments.add(segment);
        }
        return String.join(".", segments);
    }

    private static List<Path> javaFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().collect(Collectors.toList());
        }
    }

    private static String read(Path source) throws IOException {
        return new String(Files.readAllBytes(source), StandardCharsets.UTF_8);
    }

    /**
     * The groups of packages that reach each other through imports (Tarjan's strongly connected components), each of
     * more than one package: one line per tangle, however many paths run through it.
     */
    private static final class Cycles {
        private final Map<String, Set<String>> graph;
        private final Map<String, Integer> index = new HashMap<>();
        private final Map<String, Integer> lowLink = new HashMap<>();
        private final Deque<String> stack = new ArrayDeque<>();
        private final Set<String> onStack = new TreeSet<>();
        private final List<Set<String>> found = new ArrayList<>();

        Cycles(Map<String, Set<String>> graph) {
            this.graph = graph;
        }

        List<Set<String>> find() {
            for (String node : graph.keySet()) {
                if (!index.containsKey(node)) {
                    visit(node);
                }
            }
            return found;
        }

        private void visit(String node) {
            index.put(node, index.size());
            lowLink.put(node, index.get(node));
            stack.push(node);
            onStack.add(node);
            for (String next : graph.getOrDefault(node, Set.of())) {
                if (!index.containsKey(next)) {
                    visit(next);
                    lowLink.put(node, Math.min(lowLink.get(node), lowLink.get(next)));
                } else if (onStack.contains(next)) {
                    lowLink.put(node, Math.min(lowLink.get(node), index.get(next)));
                }
            }
            if (lowLink.get(node).equals(index.get(node))) {
                Set<String> component = new TreeSet<>();
                String member;
                do {
                    member = stack.pop();
                    onStack.remove(member);
                    component.add(member);
                } while (!member.equals(node));
                if (component.size() > 1) {
                    found.add(component);
                }
            }
        }
    }
}
