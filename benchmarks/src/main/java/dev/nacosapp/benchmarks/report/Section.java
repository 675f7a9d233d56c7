package dev.nacosapp.benchmarks.report;

import java.util.List;

/**
 * A small table of its own in {@code results.md}, for figures that are not one value per contender (such as one
 * contender under several settings): a heading, the table, and paragraphs below it. Immutable.
 *
 * @param heading the section's heading
 * @param columns the header row; the first column is left-aligned, the others right-aligned
 * @param rows the table's rows, each as long as {@code columns}
 * @param paragraphs text after the table, one paragraph each
 */
public record Section(String heading, List<String> columns, List<List<String>> rows, List<String> paragraphs) {
    public Section {
        columns = List.copyOf(columns);
        rows = rows.stream().map(List::copyOf).toList();
        paragraphs = List.copyOf(paragraphs);
        for (List<String> row : rows) {
            if (row.size() != columns.size()) {
                throw new IllegalArgumentException(heading + ": a row of " + row.size() + " cells for " + columns);
            }
        }
    }

    /** The section as Markdown, from its heading on. */
    public String markdown() {
        StringBuilder md = new StringBuilder("## ").append(heading).append("\n\n");
        line(md, columns);
        md.append("|---");
        md.append("|---:".repeat(columns.size() - 1));
        md.append("|\n");
        rows.forEach(row -> line(md, row));
        for (String paragraph : paragraphs) {
            md.append('\n').append(paragraph).append('\n');
        }
        return md.toString();
    }

    private static void line(StringBuilder md, List<String> cells) {
        md.append('|');
        for (String cell : cells) {
            md.append(' ').append(cell).append(" |");
        }
        md.append('\n');
    }
}
