package dev.nacosapp.it.readme;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The snippets of a Markdown file that are named by an HTML comment on the line before their fence, as in
 * {@code <!-- quick-start:Greeter.java -->}. A snippet inside a list item, comment and fence indented alike, is read
 * without that indentation. Immutable.
 */
public final class ReadmeSnippets {

    private static final Pattern NAMED_FENCE = Pattern.compile(
            "^( *)<!-- ([\\w-]+):([\\w.-]+) -->\\n\\1```\\w*\\n(.*?)\\n\\1```", Pattern.DOTALL | Pattern.MULTILINE);

    private final Path markdown;

    private final Map<String, String> snippets;

    private ReadmeSnippets(Path markdown, Map<String, String> snippets) {
        this.markdown = markdown;
        this.snippets = snippets;
    }

    /**
     * Reads the snippets of one group.
     *
     * @param markdown the file
     * @param group the name before the colon
     * @return the snippets, by the name after the colon
     */
    public static ReadmeSnippets read(Path markdown, String group) {
        String text;
        try {
            text = Files.readString(markdown, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> found = new LinkedHashMap<>();
        Matcher matcher = NAMED_FENCE.matcher(text);
        while (matcher.find()) {
            if (matcher.group(2).equals(group)) {
                found.put(matcher.group(3), unindent(matcher.group(4), matcher.group(1)) + "\n");
            }
        }
        return new ReadmeSnippets(markdown, found);
    }

    private static String unindent(String snippet, String indent) {
        return snippet.lines()
                .map(line -> line.startsWith(indent) ? line.substring(indent.length()) : line)
                .collect(Collectors.joining("\n"));
    }

    /**
     * Returns a snippet.
     *
     * @param name the name after the colon
     * @return its text
     * @throws IllegalStateException when the file has no such snippet
     */
    public String get(String name) {
        String snippet = snippets.get(name);
        if (snippet == null) {
            throw new IllegalStateException(
                    "No snippet '" + name + "' in " + markdown + "; found " + snippets.keySet());
        }
        return snippet;
    }

    Map<String, String> all() {
        return snippets;
    }
}
