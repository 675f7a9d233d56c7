package dev.nacosapp.benchmarks.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Raw samples of one figure family, written as RFC 4180 CSV. Thread-safe. */
public final class CsvTable {
    private final String fileName;
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    public CsvTable(String fileName, String... header) {
        this.fileName = fileName;
        this.header = List.of(header);
    }

    public String fileName() {
        return fileName;
    }

    public synchronized void add(Object... values) {
        if (values.length != header.size()) {
            throw new IllegalArgumentException(fileName + ": " + values.length + " values for " + header);
        }
        List<String> row = new ArrayList<>();
        for (Object value : values) {
            row.add(String.valueOf(value));
        }
        rows.add(row);
    }

    public synchronized boolean isEmpty() {
        return rows.isEmpty();
    }

    public synchronized void write(Path directory) throws IOException {
        StringBuilder csv = new StringBuilder();
        line(csv, header);
        for (List<String> row : rows) {
            line(csv, row);
        }
        Files.writeString(directory.resolve(fileName), csv, StandardCharsets.UTF_8);
    }

    private static void line(StringBuilder csv, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                csv.append(',');
            }
            String cell = cells.get(i);
            if (cell.contains(",") || cell.contains("\"") || cell.contains("\n")) {
                csv.append('"').append(cell.replace("\"", "\"\"")).append('"');
            } else {
                csv.append(cell);
            }
        }
        csv.append('\n');
    }
}
