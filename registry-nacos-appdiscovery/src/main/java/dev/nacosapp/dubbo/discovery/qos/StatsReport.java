package dev.nacosapp.dubbo.discovery.qos;

import dev.nacosapp.dubbo.discovery.NacosAppServiceDiscovery;
import dev.nacosapp.dubbo.discovery.WatchStats;
import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.List;
import java.util.Map;

/** Renders discovery statistics as a plain-text table for the QoS command. Stateless. */
final class StatsReport {
    private static final String ROW = "%-32s %9s %-25s %8s %10s %9s %7s  %s%n";

    private StatsReport() {}

    static String render(List<NacosAppServiceDiscovery> discoveries, long nowMillis) {
        if (discoveries.isEmpty()) {
            return "No nacos-app discovery in this process.";
        }
        StringBuilder out = new StringBuilder();
        for (NacosAppServiceDiscovery discovery : discoveries) {
            out.append(discovery).append(System.lineSeparator());
            Map<String, WatchStats> stats = discovery.watchStats();
            if (stats.isEmpty()) {
                out.append("  (no watched application)").append(System.lineSeparator());
                continue;
            }
            out.append(String.format(
                    ROW,
                    "application",
                    "instances",
                    "last push",
                    "pushes",
                    "delivered",
                    "coalesced",
                    "dropped",
                    "protecting since"));
            for (WatchStats s : stats.values()) {
                out.append(String.format(
                        ROW,
                        s.application(),
                        s.instanceCount(),
                        lastPush(s.lastPushMillis(), nowMillis),
                        s.pushes(),
                        s.notifications(),
                        s.coalesced(),
                        s.dropped(),
                        s.protectingSinceMillis() == 0 ? "-" : ago(s.protectingSinceMillis(), nowMillis)));
            }
        }
        return out.toString();
    }

    private static String lastPush(long pushMillis, long nowMillis) {
        return pushMillis == 0 ? "never" : ago(pushMillis, nowMillis);
    }

    private static String ago(long millis, long nowMillis) {
        String time = new SimpleDateFormat("HH:mm:ss.SSS").format(new Date(millis));
        return time + " (" + Math.max(0, (nowMillis - millis) / 1000) + "s ago)";
    }
}
