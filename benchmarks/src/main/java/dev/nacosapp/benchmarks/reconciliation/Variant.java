package dev.nacosapp.benchmarks.reconciliation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One setting of the nacos-app consumer whose reconciliation cost is measured, with applications of its own so that
 * the server counts each consumer's queries apart.
 */
enum Variant {
    /** The default: every watched application checked against a direct query once a minute. */
    EVERY_60S("reconcile-60s", "reconcile-interval=60s", "`reconcile-interval=60s` (default)"),
    /**
     * No periodic check. empty-push-protection-timeout (default 30 s) still needs the reconcile thread: it ticks
     * once a second and queries only applications whose list protection holds, none here.
     */
    OFF("reconcile-off", "reconcile-interval=off", "`reconcile-interval=off`"),
    /** Neither reconciliation nor protection's timeout: no reconcile thread at all. */
    OFF_NO_TIMEOUT(
            "reconcile-off-no-timeout",
            "reconcile-interval=off&empty-push-protection-timeout=off",
            "`reconcile-interval=off`, `empty-push-protection-timeout=off`");

    private final String id;
    private final String parameters;
    private final String label;

    Variant(String id, String parameters, String label) {
        this.id = id;
        this.parameters = parameters;
        this.label = label;
    }

    /** Short, stable name for CSV files and logs. */
    String id() {
        return id;
    }

    /** The registry URL parameters of this setting. */
    String parameters() {
        return parameters;
    }

    /** How the report names it. */
    String label() {
        return label;
    }

    /** The applications this variant's consumer watches: {@code bench-rc-<id>-0000} on. */
    List<String> applications(int count) {
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            names.add(String.format(Locale.ROOT, "bench-rc-%s-%04d", id.substring("reconcile-".length()), i));
        }
        return names;
    }
}
