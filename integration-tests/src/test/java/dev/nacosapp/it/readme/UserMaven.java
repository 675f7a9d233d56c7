package dev.nacosapp.it.readme;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * This repository's Maven wrapper run on a user's own project outside this build, as the user would run Maven: against
 * a Maven repository of its own, which holds the library as {@code ./mvnw install} would put it, and reading everything
 * else from this build's repository (read-only, Maven's {@code maven.repo.local.tail}), so that what this build
 * downloaded is not downloaded again and a library another checkout installed into that repository is never used.
 * Not thread-safe.
 */
final class UserMaven {

    private static final long STEP_TIMEOUT_MINUTES = 10;

    private static final String INSTALL_FILE = "org.apache.maven.plugins:maven-install-plugin:3.1.4:install-file";

    private final Path projectRoot;

    private final String libraryVersion;

    private final Path repository;

    private final Path sharedRepository;

    private final Path logDir;

    /**
     * Describes the Maven a user project is built with.
     *
     * @param projectRoot this repository's root, with the Maven wrapper and the built library
     * @param libraryVersion the library's version
     * @param repository the user's own Maven repository, which may be shared with other such projects
     * @param sharedRepository this build's Maven repository, only read
     * @param logDir where each step's log goes
     */
    UserMaven(Path projectRoot, String libraryVersion, Path repository, Path sharedRepository, Path logDir) {
        this.projectRoot = projectRoot;
        this.libraryVersion = libraryVersion;
        this.repository = repository;
        this.sharedRepository = sharedRepository;
        this.logDir = logDir;
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
        run(
                "install-parent",
                logDir,
                List.of(
                        INSTALL_FILE,
                        "-Dfile=" + projectRoot.resolve("pom.xml"),
                        "-DpomFile=" + projectRoot.resolve("pom.xml"),
                        "-Dpackaging=pom"));
        run("install-library", logDir, List.of(INSTALL_FILE, "-Dfile=" + libraryJar, "-DpomFile=" + libraryPom));
    }

    /**
     * Runs Maven and fails the test when it fails or takes more than ten minutes.
     *
     * @param step names the step in messages and its log file, {@code maven-<step>.log}
     * @param workingDir the directory Maven runs in, the project's
     * @param arguments goals and options
     */
    void run(String step, Path workingDir, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(projectRoot.resolve("mvnw").toString());
        command.add("-B");
        command.add("-ntp");
        command.add("-Dmaven.repo.local=" + repository);
        command.add("-Dmaven.repo.local.tail=" + sharedRepository);
        command.addAll(arguments);
        Path log = logDir.resolve("maven-" + step + ".log");
        try {
            Process process = new ProcessBuilder(command)
                    .directory(workingDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!process.waitFor(STEP_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                fail("Maven step " + step + " took over " + STEP_TIMEOUT_MINUTES + " min; log: " + log);
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
}
