package dev.nacosapp.benchmarks.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** Order statistics of a sample. Stateless. */
public final class Stats {
    private Stats() {}

    public static double median(List<Double> samples) {
        return percentile(samples, 50);
    }

    public static double p95(List<Double> samples) {
        return percentile(samples, 95);
    }

    /**
     * A bootstrap percentile interval for the median: the sample resampled with replacement {@code resamples} times,
     * with a fixed seed so a report can be reproduced from its CSV.
     *
     * @return {low, high} bounds of the central {@code confidence} share of the resampled medians
     */
    public static double[] medianInterval(List<Double> samples, double confidence, int resamples) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("No samples");
        }
        Random random = new Random(42);
        List<Double> medians = new ArrayList<>(resamples);
        List<Double> resample = new ArrayList<>(samples.size());
        for (int r = 0; r < resamples; r++) {
            resample.clear();
            for (int i = 0; i < samples.size(); i++) {
                resample.add(samples.get(random.nextInt(samples.size())));
            }
            medians.add(median(resample));
        }
        double tail = (1 - confidence) / 2 * 100;
        return new double[] {percentile(medians, tail), percentile(medians, 100 - tail)};
    }

    /**
     * The p-th percentile with linear interpolation between the closest ranks (the "R-7" / spreadsheet definition),
     * so the median of an even-sized sample is the mean of its two middle values.
     *
     * @throws IllegalArgumentException for an empty sample
     */
    public static double percentile(List<Double> samples, double p) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("No samples");
        }
        List<Double> sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
        double rank = p / 100.0 * (sorted.size() - 1);
        int below = (int) Math.floor(rank);
        int above = (int) Math.ceil(rank);
        return sorted.get(below) + (rank - below) * (sorted.get(above) - sorted.get(below));
    }
}
