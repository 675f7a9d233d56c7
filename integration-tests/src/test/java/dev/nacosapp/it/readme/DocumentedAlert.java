package dev.nacosapp.it.readme;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Prometheus alert rule the operations page gives for empty-push protection, read from that page, so that the
 * tests run the rule users copy. Stateless.
 */
public final class DocumentedAlert {

    /** The alert's name in the documented rule. */
    public static final String NAME = "NacosAppProtectionHoldingOldList";

    private DocumentedAlert() {}

    /**
     * Returns the documented rule file.
     *
     * @return the YAML, as written in the operations page
     */
    public static String rules() {
        Path operations = Path.of(System.getProperty("it.projectRoot", "..")).resolve("docs/operations.md");
        return ReadmeSnippets.read(operations, "operations").get("alert-rules.yml");
    }

    /**
     * Returns the rule's PromQL expression.
     *
     * @return the expression
     */
    public static String expression() {
        return field("expr");
    }

    /**
     * Returns a {@code promtool test rules} file for the rule in {@code nacos-app-rules.yml} beside it: one consumer
     * whose protection holds the list of one application for 7 minutes, seen through two registries, and keeps
     * another application's list unheld. The alert must be silent at 5 minutes and fire once at 6, with the
     * documented labels and text.
     *
     * @return the test file's YAML
     */
    public static String promtoolTest() {
        String series = "dubbo_registry_nacosapp_protection_holding_seconds{application_name=\"shop\","
                + "watched_application=\"%s\",registry_cluster=\"%s\"}";
        return "rule_files:\n"
                + "  - nacos-app-rules.yml\n"
                + "evaluation_interval: 1m\n"
                + "tests:\n"
                + "  - interval: 1m\n"
                + "    input_series:\n"
                + "      - series: '" + String.format(series, "stock", "default:prod") + "'\n"
                + "        values: '0 60 120 180 240 300 360 420'\n"
                + "      - series: '" + String.format(series, "stock", "backup:prod") + "'\n"
                + "        values: '0 60 120 180 240 300 360 420'\n"
                + "      - series: '" + String.format(series, "cart", "default:prod") + "'\n"
                + "        values: '0x7'\n"
                + "    alert_rule_test:\n"
                + "      - eval_time: 5m\n"
                + "        alertname: " + NAME + "\n"
                + "        exp_alerts: []\n"
                + "      - eval_time: 6m\n"
                + "        alertname: " + NAME + "\n"
                + "        exp_alerts:\n"
                + "          - exp_labels:\n"
                + "              severity: warning\n"
                + "              application_name: shop\n"
                + "              watched_application: stock\n"
                + "            exp_annotations:\n"
                + "              summary: " + quoted(expand(field("summary"))) + "\n"
                + "              description: " + quoted(expand(field("description"))) + "\n";
    }

    /** What Prometheus makes of an annotation template for the test's firing series (held for 360 s). */
    private static String expand(String template) {
        return template.replace("{{ $labels.application_name }}", "shop")
                .replace("{{ $labels.watched_application }}", "stock")
                .replace("{{ $value | humanizeDuration }}", "6m 0s");
    }

    private static String field(String name) {
        Matcher matcher = Pattern.compile("^\\s*" + name + ":\\s*(.+)$", Pattern.MULTILINE)
                .matcher(rules());
        if (!matcher.find()) {
            throw new IllegalStateException("The documented rule " + NAME + " has no " + name);
        }
        String value = matcher.group(1).trim();
        return value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value;
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
