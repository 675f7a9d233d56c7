package dev.nacosapp.it.readme;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A user's own Maven project, outside this build, made of the README's quick-start snippets: the dependencies
 * snippet goes into a minimal pom, each Java snippet into its source file. Built by {@link UserMaven} against the
 * library as {@code ./mvnw install} would install it. Not thread-safe.
 */
final class QuickStartProject {

    private final Path dir;

    private final UserMaven maven;

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
        this.dir = dir;
        this.maven = new UserMaven(projectRoot, libraryVersion, repository, sharedRepository, dir);
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

    /**
     * Compiles the project and resolves its run-time class path.
     *
     * @return the class path: its classes, then its dependencies
     */
    String build() throws IOException {
        Path app = dir.resolve("app");
        Path classPathFile = dir.resolve("classpath.txt");
        maven.run(
                "build",
                app,
                List.of(
                        "compile",
                        DEPENDENCY_PLUGIN + ":build-classpath",
                        "-Dmdep.outputFile=" + classPathFile,
                        "-Dmdep.includeScope=runtime"));
        return app.resolve("target/classes")
                + File.pathSeparator
                + Files.readString(classPathFile, StandardCharsets.UTF_8).trim();
    }

    Path dir() {
        return dir;
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

    private static final String DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1";
}
