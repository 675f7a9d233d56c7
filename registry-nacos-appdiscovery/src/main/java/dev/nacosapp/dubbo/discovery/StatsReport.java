package dev.nacosapp.dubbo.discovery;

import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.TreeMap;

/**
 * Renders discovery statistics as a plain-text table for the QoS command: one row per watched application that has
 * instances (or is kept by empty-push protection), in name order, with its pushes, its checks against direct queries
 * and protection's state, the application column as wide as the longest name;
 * the applications without any instance, often names an interface was once mapped to, on one line after the table.
 * Stateless.
 */
final class StatsReport {
    private static final String[] HEADER = {
        "application",
        "instances",
        "last push",
        "last check",
        "pushes",
        "delivered",
        "coalesced",
        "dropped",
        "corrected",
        "protecting since"
    };

    /** The columns of text (left-aligned); the others are counts (right-aligned). */
    private static final boolean[] TEXT = {true, false, true, true, false, false, false, false, false, true};

    private StatsReport() {}

    /**
     * @param only the one application to show, or {@code null} for all
     */
    static String render(List<NacosAppServiceDiscovery> discoveries, String only, long nowMillis) {
        if (discoveries.isEmpty()) {
            return "No nacos-app discovery in this process.";
        }
        StringBuilder out = new StringBuilder();
        for (NacosAppServiceDiscovery discovery : discoveries) {
            out.append(discovery).append(System.lineSeparator());
            List<String[]> rows = new ArrayList<String[]>();
            List<String> withoutInstances = new ArrayList<String>();
            for (WatchStats s : new TreeMap<String, WatchStats>(discovery.watchStats()).values()) {
                if (only != null && !only.equals(s.application())) {
                    continue;
                }
                if (only == null && s.instanceCount() == 0 && s.protectingSinceMillis() == 0) {
                    withoutInstances.add(s.application());
                    continue;
                }
                rows.add(new String[] {
                    s.application(),
                    String.valueOf(s.instanceCount()),
                    s.lastPushMillis() == 0 ? "never" : ago(s.lastPushMillis(), nowMillis),
                    s.lastCheckMillis() == 0 ? "never" : ago(s.lastCheckMillis(), nowMillis),
                    String.valueOf(s.pushes()),
                    String.valueOf(s.notifications()),
                    String.valueOf(s.coalesced()),
                    String.valueOf(s.dropped()),
                    String.valueOf(s.corrections()),
                    protecting(s, nowMillis)
                });
            }
            if (rows.isEmpty() && withoutInstances.isEmpty()) {
                out.append(only == null ? "  (no watched application)" : "  (application " + only + " not watched)")
                        .append(System.lineSeparator());
                continue;
            }
            if (!rows.isEmpty()) {
                table(out, rows);
            }
            if (!withoutInstances.isEmpty()) {
                out.append("  watched without any instance now (")
                        .append(withoutInstances.size())
                        .append("): ")
                        .append(String.join(", ", withoutInstances))
                        .append(System.lineSeparator());
            }
        }
        return out.toString();
    }

    private static void table(StringBuilder out, List<String[]> rows) {
        int[] widths = new int[HEADER.length];
        for (int i = 0; i < HEADER.length; i++) {
            widths[i] = HEADER[i].length();
            for (String[] row : rows) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        line(out, HEADER, widths);
        for (String[] row : rows) {
            line(out, row, widths);
        }
    }

    /** Text columns left-aligned, counts right-aligned, two spaces apart; the last column unpadded. */
    private static void line(StringBuilder out, String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                line.append("  ");
            }
            boolean last = i == cells.length - 1;
            boolean text = TEXT[i];
            String cell = cells[i];
            int pad = last ? 0 : widths[i] - cell.length();
            if (!text) {
                appendSpaces(line, pad);
            }
            line.append(cell);
            if (text) {
                appendSpaces(line, pad);
            }
        }
        out.append(line).append(System.lineSeparator());
    }

    private static void appendSpaces(StringBuilder line, int count) {
        for (int i = 0; i < count; i++) {
            line.append(' ');
        }
    }

    /** Since when protection holds an old list and, while Nacos keeps answering "none", when it lets go. */
    private static String protecting(WatchStats s, long nowMillis) {
        if (s.protectingSinceMillis() == 0) {
            return "-";
        }
        String since = ago(s.protectingSinceMillis(), nowMillis);
        if (s.protectionReleaseMillis() == 0) {
            return since;
        }
        return since + ", empty list in " + Math.max(0, (s.protectionReleaseMillis() - nowMillis + 999) / 1000) + "s";
    }

    private static String ago(long millis, long nowMillis) {
        String time = new SimpleDateFormat("HH:mm:ss.SSS").format(new Date(millis));
        return time + " (" + Math.max(0, (nowMillis - millis) / 1000) + "s ago)";
    }
}
