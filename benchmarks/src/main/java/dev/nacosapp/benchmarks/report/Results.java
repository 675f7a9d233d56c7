package dev.nacosapp.benchmarks.report;

import dev.nacosapp.benchmarks.contender.ContenderKind;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything one run measured: samples per figure and contender (in the order figures were first reported), samples
 * that timed out, sections of their own, notes for the reader, and the raw CSV tables. Thread-safe.
 */
public final class Results {
    /** The samples of one figure for one contender, plus how many timed out. */
    public record Series(Figure figure, ContenderKind contender, List<Double> samples, int missed) {}

    private final Map<String, Figure> figures = new LinkedHashMap<>();
    private final Map<String, Map<ContenderKind, List<Double>>> samples = new LinkedHashMap<>();
    private final Map<String, Map<ContenderKind, Integer>> missed = new LinkedHashMap<>();
    private final Map<String, List<Double>> paired = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<String, CsvTable> tables = new LinkedHashMap<>();
    private final List<Section> sections = new ArrayList<>();

    public synchronized void add(Figure figure, ContenderKind contender, double sample) {
        series(figure).computeIfAbsent(contender, k -> new ArrayList<>()).add(sample);
    }

    /** Records a sample that never came (a timeout); shown next to n in the report. */
    public synchronized void missed(Figure figure, ContenderKind contender) {
        series(figure);
        missed.computeIfAbsent(figure.id(), k -> new EnumMap<>(ContenderKind.class))
                .merge(contender, 1, Integer::sum);
    }

    private Map<ContenderKind, List<Double>> series(Figure figure) {
        figures.putIfAbsent(figure.id(), figure);
        return samples.computeIfAbsent(figure.id(), k -> new EnumMap<>(ContenderKind.class));
    }

    /** Records nacos-app's value minus {@code other}'s for the same event of a figure. */
    public synchronized void addPaired(Figure figure, ContenderKind other, double difference) {
        paired.computeIfAbsent(figure.id() + "|" + other, k -> new ArrayList<>())
                .add(difference);
    }

    /** nacos-app minus {@code other}, event by event, for a figure; empty when not measured. */
    public synchronized List<Double> paired(String figureId, ContenderKind other) {
        return List.copyOf(paired.getOrDefault(figureId + "|" + other, List.of()));
    }

    public synchronized void note(String note) {
        notes.add(note);
    }

    public synchronized List<String> notes() {
        return List.copyOf(notes);
    }

    /** Adds a table of its own to the report, after the goals. */
    public synchronized void addSection(Section section) {
        sections.add(section);
    }

    public synchronized List<Section> sections() {
        return List.copyOf(sections);
    }

    /** The CSV table with this file name, created with the header on first use. */
    public synchronized CsvTable table(String fileName, String... header) {
        return tables.computeIfAbsent(fileName, name -> new CsvTable(name, header));
    }

    public synchronized List<CsvTable> tables() {
        return List.copyOf(tables.values());
    }

    /** Every series, figure by figure in first-reported order, contenders in report order. */
    public synchronized List<Series> all() {
        List<Series> all = new ArrayList<>();
        for (Map.Entry<String, Figure> figure : figures.entrySet()) {
            for (ContenderKind kind : ContenderKind.values()) {
                Optional<Series> series = find(figure.getKey(), kind);
                series.ifPresent(all::add);
            }
        }
        return all;
    }

    /** The series of a figure and contender, if anything (a sample or a timeout) was recorded for it. */
    public synchronized Optional<Series> find(String figureId, ContenderKind contender) {
        Figure figure = figures.get(figureId);
        if (figure == null) {
            return Optional.empty();
        }
        List<Double> values = samples.get(figureId).get(contender);
        int timedOut = missed.getOrDefault(figureId, Map.of()).getOrDefault(contender, 0);
        if (values == null && timedOut == 0) {
            return Optional.empty();
        }
        return Optional.of(new Series(figure, contender, values == null ? List.of() : List.copyOf(values), timedOut));
    }

    /** The median of a series that has samples. */
    public synchronized Optional<Double> median(String figureId, ContenderKind contender) {
        return find(figureId, contender)
                .filter(series -> !series.samples().isEmpty())
                .map(series -> Stats.median(series.samples()));
    }
}
