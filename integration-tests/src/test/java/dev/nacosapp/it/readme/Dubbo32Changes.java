package dev.nacosapp.it.readme;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The "On Dubbo 3.2" changes of {@code docs/compatibility.md} to the README's quick start ({@code quick-start-dubbo32}
 * snippets), made to the quick start's snippets as that page tells a user to make them: Dubbo's version in the dependencies, a line in the plain
 * consumer, keys in the Spring Boot consumer's {@code application.yml}. Each change fails when the README's quick start
 * no longer has the place it names. Immutable.
 */
final class Dubbo32Changes {

    private static final Pattern DUBBO_VERSION = Pattern.compile(
            "(<groupId>org\\.apache\\.dubbo</groupId>\\s*<artifactId>(?:dubbo|dubbo-spring-boot-starter)</artifactId>"
                    + "\\s*<version>)([^<]+)(</version>)");

    /** Where the page puts the plain consumer's line: after this one. */
    static final String CONSUMER_LINE_AFTER = "application.setQosEnable(false);";

    private final String version;

    private final String consumerLine;

    private final String applicationYml;

    private Dubbo32Changes(String version, String consumerLine, String applicationYml) {
        this.version = version;
        this.consumerLine = consumerLine;
        this.applicationYml = applicationYml;
    }

    /**
     * Reads the changes.
     *
     * @param snippets the {@code quick-start-dubbo32} snippets of {@code docs/compatibility.md}
     * @return the changes
     */
    static Dubbo32Changes from(ReadmeSnippets snippets) {
        return new Dubbo32Changes(
                dubboVersion(snippets.get("dependencies")),
                snippets.get("consumer").strip(),
                snippets.get("application.yml"));
    }

    /**
     * Returns the version of the first {@code dubbo} or {@code dubbo-spring-boot-starter} dependency.
     *
     * @param dependencies a dependencies snippet
     * @return the version
     */
    static String dubboVersion(String dependencies) {
        Matcher dubbo = DUBBO_VERSION.matcher(dependencies);
        if (!dubbo.find()) {
            throw new IllegalStateException("No Dubbo dependency in the snippet " + dependencies);
        }
        return dubbo.group(2);
    }

    /** The Dubbo 3.2 version the page names. */
    String version() {
        return version;
    }

    /**
     * Puts the page's Dubbo 3.2 version on the {@code dubbo} or {@code dubbo-spring-boot-starter} dependency.
     *
     * @param dependencies a quick-start dependencies snippet
     * @return the snippet on Dubbo 3.2
     */
    String dependencies(String dependencies) {
        dubboVersion(dependencies);
        return DUBBO_VERSION.matcher(dependencies).replaceAll("$1" + Matcher.quoteReplacement(version) + "$3");
    }

    /**
     * Adds the page's Dubbo 3.2 line to the plain consumer, after {@link #CONSUMER_LINE_AFTER} and indented alike.
     *
     * @param consumer the consumer's source
     * @return the source with the line
     */
    String consumer(String consumer) {
        List<String> lines = new ArrayList<>(consumer.lines().toList());
        List<Integer> anchors = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(CONSUMER_LINE_AFTER)) {
                anchors.add(i);
            }
        }
        if (anchors.size() != 1) {
            throw new IllegalStateException("The consumer needs one line '" + CONSUMER_LINE_AFTER + "', has "
                    + anchors.size() + ":\n" + consumer);
        }
        String anchor = lines.get(anchors.get(0));
        String indent = anchor.substring(0, anchor.indexOf(CONSUMER_LINE_AFTER));
        lines.add(anchors.get(0) + 1, indent + consumerLine);
        return String.join("\n", lines) + "\n";
    }

    /**
     * Merges the page's Dubbo 3.2 keys into the Spring Boot consumer's {@code application.yml}: the snippet's leading
     * lines that the file has, in order, are the path to the keys, and its other lines go under the last of them.
     *
     * @param yml the quick start's {@code application.yml}
     * @return the file with the keys
     */
    String applicationYml(String yml) {
        List<String> lines = new ArrayList<>(yml.lines().toList());
        List<String> keys = applicationYml.lines().toList();
        int path = 0;
        int at = -1;
        while (path < keys.size() && lines.subList(at + 1, lines.size()).contains(keys.get(path))) {
            at = lines.subList(at + 1, lines.size()).indexOf(keys.get(path)) + at + 1;
            path++;
        }
        if (path == 0 || path == keys.size()) {
            throw new IllegalStateException("The application.yml has " + (path == 0 ? "no part" : "all")
                    + " of the Dubbo 3.2 snippet:\n" + yml);
        }
        lines.addAll(at + 1, keys.subList(path, keys.size()));
        return String.join("\n", lines) + "\n";
    }
}
