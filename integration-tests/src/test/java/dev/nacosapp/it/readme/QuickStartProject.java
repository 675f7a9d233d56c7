package dev.nacosapp.it.readme;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A user's own Maven project, outside this build, made of the README's quick-start snippets: the dependencies
 * snippet goes into a minimal pom, each Java snippet into its source file. Built with this repository's Maven
 * wrapper against a Maven repository of its own, which holds the library as {@code ./mvnw install} would put it and
 * reads everything else from this build's repository (read-only, Maven's {@code maven.repo.local.tail}). Not
 * thread-safe.
 */
final class QuickStartProject {

    private static final long BUILD_TIMEOUT_MINUTES = 10;

    private final Path projectRoot;

    private final Path dir;

    private final Path repository;

    private final Path sharedRepository;

    private final String libraryVersion;

    /**
     * Describes a project.
     *
     * @param projectRoot this repository's root, with the Maven wrapper and the built library
     * @param libraryVersion the library's version
     * @param dir where the project, its logs and its class path go
     * @param repository the project's own Maven repository, which may be shared with other such projects
     * @param sharedRepository this build's Maven repository, only read
     */
    QuickStartProject(Path projectRoot, String libraryVersion, Path dir, Path repository, Path sharedRepository) {
        this.projectRoot = projectRoot;
        this.libraryVersion = libraryVersion;
        this.dir = dir;
        this.repository = repository;
        this.sharedRepository = sharedRepository;
    }

    /**
     * Writes the project.
     *
     * @param dependencies the dependencies snippet, the {@code <dependency>} elements
     * @param files file snippets by file name: {@code .java} ones go to the sources of {@code javaPackage}, the
     *     others to the resources
     * @param javaPackage the package the Java snippets declare
     */
    void write(String dependencies, Map<String, String> files, String javaPackage) throws IOException {
        Path app = dir.resolve("app");
        Path sources = app.resolve("src/main/java").resolve(javaPackage.replace('.', '/'));
        Path resources = app.resolve("src/main/resources");
        Files.createDirectories(sources);
        Files.createDirectories(resources);
        Files.writeString(app.resolve("pom.xml"), pom(dependencies), StandardCharsets.UTF_8);
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path target = (file.getKey().endsWith(".java") ? sources : resources).resolve(file.getKey());
            Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
        }
    }

    /** Installs the parent pom and the library jar built by this build, as {@code ./mvnw install} would. */
    void installLibrary() {
        Path libraryPom = projectRoot.resolve("registry-nacos-appdiscovery/pom.xml");
        Path libraryJar = projectRoot.resolve(
                "registry-nacos-appdiscovery/target/registry-nacos-appdiscovery-" + libraryVersion + ".jar");
        if (!Files.isRegularFile(libraryJar)) {
            fail("The library jar " + libraryJar + " does not exist: run this test from the whole build"
                    + " (./mvnw verify), which packages the library first");
        }
        maven(
                "install-parent",
                List.of(
                        INSTALL_FILE,
                        "-Dfile=" + projectRoot.resolve("pom.xml"),
                        "-DpomFile=" + projectRoot.resolve("pom.xml"),
                        "-Dpackaging=pom"),
                dir);
        maven("install-library", List.of(INSTALL_FILE, "-Dfile=" + libraryJar, "-DpomFile=" + libraryPom), dir);
    }

    /**
     * Compiles the project and resolves its run-time class path.
     *
     * @return the class path: its classes, then its dependencies
     */
    String build() throws IOException {
        Path app = dir.resolve("app");
        Path classPathFile = dir.resolve("classpath.txt");
        maven(
                "build",
                List.of(
                        "compile",
                        DEPENDENCY_PLUGIN + ":build-classpath",
                        "-Dmdep.outputFile=" + classPathFile,
                        "-Dmdep.includeScope=runtime"),
                app);
        return app.resolve("target/classes")
                + File.pathSeparator
                + Files.readString(classPathFile, StandardCharsets.UTF_8).trim();
    }

    Path dir() {
        return dir;
    }

    private void maven(String step, List<String> goals, Path workingDir) {
        List<String> command = new ArrayList<>();
        command.add(projectRoot.resolve("mvnw").toString());
        command.add("-B");
        command.add("-ntp");
        command.add("-Dmaven.repo.local=" + repository);
        command.add("-Dmaven.repo.local.tail=" + sharedRepository);
        command.addAll(goals);
        Path log = dir.resolve("maven-" + step + ".log");
        try {
            Process process = new ProcessBuilder(command)
                    .directory(workingDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!process.waitFor(BUILD_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                fail("Maven step " + step + " took over " + BUILD_TIMEOUT_MINUTES + " min; log: " + log);
            }
            if (process.exitValue() != 0) {
                fail("Maven step " + step + " failed (" + String.join(" ", command) + "); log " + log + ":\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("Interrupted during Maven step " + step);
        }
    }

    /** The pom a user starts with: coordinates, Java level, the plugin versions this build resolved already. */
    private static String pom(String dependencies) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>example</groupId>
                  <artifactId>quick-start</artifactId>
                  <version>1.0</version>
                  <properties>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                    <maven.compiler.release>17</maven.compiler.release>
                  </properties>
                  <dependencies>
                %s  </dependencies>
                  <build>
                    <plugins>
                      <plugin>
                        <artifactId>maven-compiler-plugin</artifactId>
                        <version>3.14.0</version>
                      </plugin>
                      <plugin>
                        <artifactId>maven-resources-plugin</artifactId>
                        <version>3.3.1</version>
                      </plugin>
                    </plugins>
                  </build>
                </project>
                """
                .formatted(dependencies.indent(4));
    }

    private static final String INSTALL_FILE = "org.apache.maven.plugins:maven-install-plugin:3.1.4:install-file";

    private static final String DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1";
}
