package dev.nacosapp.it.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The supported Dubbo line this build does not run on (3.2 in the default build, 3.3 under the {@code dubbo-3.2}
 * profile): the class path of the library on that line, as the {@code other-dubbo-line} module resolves it, with this
 * module's test classes in front so that the test mains run there.
 */
public final class OtherDubboLine {

    private OtherDubboLine() {}

    /**
     * Returns the Dubbo version of the other line.
     *
     * @return for example {@code 3.2.19}
     */
    public static String dubboVersion() {
        return System.getProperty("it.otherLine.dubboVersion");
    }

    /**
     * Returns the class path of a JVM on the other line: this module's test classes, the library, that line's Dubbo,
     * nacos-client, awaitility and slf4j-simple; nothing else of this JVM's class path.
     *
     * @return the class path
     */
    public static String classPath() {
        Path dependencies = Path.of(System.getProperty("it.otherLine.classPathFile"));
        try {
            return testClasses()
                    + File.pathSeparator
                    + Files.readString(dependencies, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "No class path of the other Dubbo line at " + dependencies + ": build the other-dubbo-line module",
                    e);
        }
    }

    private static Path testClasses() {
        try {
            return Path.of(OtherDubboLine.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
