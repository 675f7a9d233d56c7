package dev.nacosapp.it.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * A copy of the user project kept in {@code src/test/projects/spring-boot-before-migration}, changed as the migration
 * steps of {@code docs/migration.md} say and built by {@link UserMaven} into one executable Spring Boot jar per
 * application, as the project's own {@code spring-boot-maven-plugin} packages it. Not thread-safe.
 */
final class MigratedProject {

    /** The modules that are applications: each depends on Dubbo's Spring Boot starter and packages a jar. */
    static final List<String> APPLICATIONS = List.of("greeting-provider", "greeting-consumer");

    private static final String APPLICATION_YML = "src/main/resources/application.yml";

    private final Path dir;

    private final UserMaven maven;

    /**
     * Copies the project, replacing an earlier copy.
     *
     * @param template the project before migration
     * @param dir where the copy goes
     * @param maven the Maven it is built with
     */
    MigratedProject(Path template, Path dir, UserMaven maven) throws IOException {
        this.dir = dir;
        this.maven = maven;
        delete(dir);
        try (Stream<Path> files = Files.walk(template)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path copy = dir.resolve(template.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy);
                }
            }
        }
    }

    /**
     * Adds dependencies to every application module, after the ones it declares, as a user pastes them.
     *
     * @param dependencies {@code <dependency>} elements
     */
    void addDependencies(String dependencies) throws IOException {
        for (String application : APPLICATIONS) {
            Path pom = dir.resolve(application).resolve("pom.xml");
            String text = read(pom);
            assertThat(text)
                    .as("%s depends on Dubbo's starter and has one dependencies section", pom)
                    .contains("<artifactId>dubbo-spring-boot-starter</artifactId>")
                    .containsOnlyOnce("</dependencies>");
            int end = text.indexOf("  </dependencies>");
            Files.writeString(
                    pom, text.substring(0, end) + dependencies.indent(4) + text.substring(end), StandardCharsets.UTF_8);
        }
    }

    /**
     * Replaces a registry address in every application's {@code application.yml}.
     *
     * @param before the address the project has
     * @param after the address it gets
     */
    void replaceRegistryAddress(String before, String after) throws IOException {
        for (String application : APPLICATIONS) {
            Path yml = dir.resolve(application).resolve(APPLICATION_YML);
            String text = read(yml);
            assertThat(text)
                    .as("%s registers through the address the migration page starts from", yml)
                    .containsOnlyOnce("address: " + before + "\n");
            Files.writeString(
                    yml, text.replace("address: " + before + "\n", "address: " + after + "\n"), StandardCharsets.UTF_8);
        }
    }

    /**
     * Returns an application's {@code application.yml}.
     *
     * @param application the module
     * @return its text
     */
    String applicationYml(String application) throws IOException {
        return read(dir.resolve(application).resolve(APPLICATION_YML));
    }

    /** Builds the project: {@code mvn package}, no tests (it has none). */
    void build() {
        maven.run("package", dir, List.of("-q", "-DskipTests", "package"));
    }

    /**
     * Returns an application's executable jar, the one {@code java -jar} would run.
     *
     * @param application the module
     * @return the jar
     */
    Path jar(String application) {
        Path jar = dir.resolve(application).resolve("target/" + application + "-1.0.0-SNAPSHOT.jar");
        assertThat(jar).isRegularFile();
        return jar;
    }

    /**
     * Returns what {@code java -jar} runs: the {@code Main-Class} of the jar's manifest.
     *
     * @param application the module
     * @return Spring Boot's launcher class
     */
    String launcher(String application) throws IOException {
        try (JarFile jar = new JarFile(jar(application).toFile())) {
            return jar.getManifest().getMainAttributes().getValue("Main-Class");
        }
    }

    /**
     * Lists the libraries packaged into an application's jar.
     *
     * @param application the module
     * @return their file names, as {@code nacos-client-2.4.2.jar}
     */
    List<String> libraries(String application) throws IOException {
        try (JarFile jar = new JarFile(jar(application).toFile())) {
            return jar.stream()
                    .map(entry -> entry.getName())
                    .filter(name -> name.startsWith("BOOT-INF/lib/") && name.endsWith(".jar"))
                    .map(name -> name.substring("BOOT-INF/lib/".length()))
                    .sorted()
                    .toList();
        }
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> {
                try {
                    Files.delete(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
