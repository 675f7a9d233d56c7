package dev.nacosapp.dubbo.discovery.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link of the README and of the pages under {@code docs/} points at a file of the repository and, when
 * it names a {@code #fragment} of a Markdown file, at one of that file's headings (as GitHub makes their anchors).
 */
class DocumentationLinksTest {

    private static final Path ROOT = Paths.get("..").toAbsolutePath().normalize();

    /** {@code [text](target)}, the target without spaces; images alike. */
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    private static final Pattern HEADING = Pattern.compile("^#{1,6} +(.+?) *#*$", Pattern.MULTILINE);

    /**
     * Pages linked before they are committed, because they are being written at the same time as the links. Remove an
     * entry once its page is in the repository.
     */
    private static final Set<String> WRITTEN_ELSEWHERE = Set.of();

    @Test
    void everyRelativeLinkOfTheReadmeAndTheDocsPointsAtAFileAndHeadingThatExist() throws IOException {
        List<String> broken = new ArrayList<>();
        int links = 0;
        for (Path page : pages()) {
            String text = withoutFencedCode(Files.readString(page, StandardCharsets.UTF_8));
            Matcher matcher = LINK.matcher(text);
            while (matcher.find()) {
                String target = matcher.group(1);
                if (target.matches("^[a-zA-Z][a-zA-Z+.-]*:.*")) {
                    continue; // https:, mailto: and the like
                }
                links++;
                String problem = problem(page, target);
                if (problem != null) {
                    broken.add(ROOT.relativize(page) + ": " + target + " (" + problem + ")");
                }
            }
        }
        assertThat(links).as("relative links found").isGreaterThan(20);
        assertThat(broken).as("broken links").isEmpty();
    }

    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>();
        pages.add(ROOT.resolve("README.md"));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    private static String problem(Path page, String target) throws IOException {
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        String fragment = hash < 0 ? null : target.substring(hash + 1);
        Path linked = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
        String relative = ROOT.relativize(linked).toString().replace('\\', '/');
        if (WRITTEN_ELSEWHERE.contains(relative) && !Files.exists(linked)) {
            return null;
        }
        if (!linked.startsWith(ROOT) || !Files.exists(linked)) {
            return "no such file";
        }
        if (fragment == null || !linked.toString().endsWith(".md")) {
            return null;
        }
        Set<String> anchors = anchors(Files.readString(linked, StandardCharsets.UTF_8));
        return anchors.contains(fragment) ? null : "no heading with anchor #" + fragment;
    }

    /** GitHub's anchors: the heading lower-cased, punctuation but hyphens and underscores dropped, spaces as hyphens. */
    private static Set<String> anchors(String markdown) {
        Set<String> anchors = new HashSet<>();
        Matcher matcher = HEADING.matcher(withoutFencedCode(markdown));
        while (matcher.find()) {
            String anchor = matcher.group(1)
                    .toLowerCase(Locale.ROOT)
                    .replaceAll("[^\\p{L}\\p{N} _-]", "")
                    .replace(' ', '-');
            String unique = anchor;
            for (int n = 1; !anchors.add(unique); n++) {
                unique = anchor + "-" + n;
            }
        }
        return anchors;
    }

    /** The text without its fenced code blocks, whose lines are neither headings nor links. */
    private static String withoutFencedCode(String markdown) {
        boolean inFence = false;
        List<String> kept = new ArrayList<>();
        for (String line : markdown.split("\n", -1)) {
            if (line.trim().startsWith("```")) {
                inFence = !inFence;
                continue;
            }
            if (!inFence) {
                kept.add(line);
            }
        }
        return kept.stream().collect(Collectors.joining("\n"));
    }
}
