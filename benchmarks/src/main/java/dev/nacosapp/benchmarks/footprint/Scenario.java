package dev.nacosapp.benchmarks.footprint;

import dev.nacosapp.benchmarks.report.Figure;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One footprint situation: a consumer subscribed to {@code applications} applications of {@code instancesEach}
 * instances each. Immutable.
 */
public record Scenario(String id, String label, int applications, int instancesEach) {
    /** The many small applications, named {@code bench-fp-app-0000} on. */
    public static final String SMALL_APP_PREFIX = "bench-fp-app-";
    /** The one large application. */
    public static final String LARGE_APP = "bench-fp-large";
    /** Instances of each small application. */
    public static final int SMALL_APP_INSTANCES = 10;

    public static Scenario apps(int count) {
        return new Scenario(
                "apps-" + count, String.format(Locale.ROOT, "%,d subscribed apps", count), count, SMALL_APP_INSTANCES);
    }

    public static Scenario instances(int count) {
        return new Scenario(
                "instances-" + count, String.format(Locale.ROOT, "%,d instances of one app", count), 1, count);
    }

    public List<String> applicationNames() {
        if (applications == 1 && instancesEach > SMALL_APP_INSTANCES) {
            return List.of(largeApp(instancesEach));
        }
        List<String> names = new ArrayList<>(applications);
        for (int i = 0; i < applications; i++) {
            names.add(smallApp(i));
        }
        return names;
    }

    /** The large application of {@code count} instances. */
    public static String largeApp(int count) {
        return LARGE_APP + "-" + count;
    }

    public static String smallApp(int index) {
        return String.format(Locale.ROOT, "%s%04d", SMALL_APP_PREFIX, index);
    }

    public Figure threadsFigure() {
        return Figure.threads(id, label);
    }

    public Figure subscriptionThreadsFigure() {
        return Figure.subscriptionThreads(id, label);
    }

    public Figure heapFigure() {
        return Figure.heap(id, label);
    }
}
