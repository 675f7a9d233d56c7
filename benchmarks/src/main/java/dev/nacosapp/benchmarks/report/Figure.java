package dev.nacosapp.benchmarks.report;

import dev.nacosapp.benchmarks.incremental.PushOrder;
import java.util.Locale;

/**
 * One measured quantity of the report: a stable id (for goals and CSV), the label shown in the table, the unit and
 * how many decimals to print. Immutable.
 */
public record Figure(String id, String label, String unit, int decimals) {

    public static final Figure PROPAGATION_REGISTER =
            new Figure("propagation.register", "Propagation: register → listener has it", "ms", 2);
    public static final Figure PROPAGATION_DEREGISTER =
            new Figure("propagation.deregister", "Propagation: deregister → listener lost it", "ms", 2);
    public static final Figure PROPAGATION_KILL =
            new Figure("propagation.kill", "Propagation: provider SIGKILL → listener lost it", "ms", 2);
    public static final Figure PROPAGATION_BEHIND_RAW =
            new Figure("propagation.behind-raw", "Propagation, every event: later than raw on the same event", "ms", 2);
    public static final Figure RECOVERY =
            new Figure("recovery", "Recovery: server restart → every instance listed again", "ms", 0);
    public static final Figure END_TO_END =
            new Figure("end-to-end", "End to end: provider JVM start → first successful call", "ms", 0);

    public static Figure conversionTime(int instances) {
        return new Figure(
                "conversion.time." + instances,
                "Conversion: push of " + thousands(instances) + " → listener, time",
                "ns/instance",
                1);
    }

    public static Figure conversionAllocation(int instances) {
        return new Figure(
                "conversion.alloc." + instances,
                "Conversion: push of " + thousands(instances) + " → listener, allocation",
                "B/instance",
                0);
    }

    /** Time of one push of {@code size} instances of which {@code changed} changed ("all" or a number). */
    public static Figure pushTime(int size, String changed, boolean inConsumer) {
        return pushTime(size, changed, inConsumer, PushOrder.REGISTRATION);
    }

    /** The same, for pushes that list their instances in the given order. */
    public static Figure pushTime(int size, String changed, boolean inConsumer, PushOrder order) {
        return new Figure(
                (inConsumer ? "consumer.time." : "push.time.") + size + "." + changed + orderSuffix(order),
                pushLabel(size, changed, inConsumer, order) + ", time",
                "µs/push",
                0);
    }

    public static Figure pushAllocation(int size, String changed, boolean inConsumer) {
        return pushAllocation(size, changed, inConsumer, PushOrder.REGISTRATION);
    }

    public static Figure pushAllocation(int size, String changed, boolean inConsumer, PushOrder order) {
        return new Figure(
                (inConsumer ? "consumer.alloc." : "push.alloc.") + size + "." + changed + orderSuffix(order),
                pushLabel(size, changed, inConsumer, order) + ", allocation",
                "KiB/push",
                0);
    }

    // Registration order keeps the ids and labels of runs made before the order was a parameter.
    private static String orderSuffix(PushOrder order) {
        return order == PushOrder.REGISTRATION ? "" : "." + order.id() + "-order";
    }

    private static String pushLabel(int size, String changed, boolean inConsumer, PushOrder order) {
        String which = "all".equals(changed) ? "all changed" : thousands(Integer.parseInt(changed)) + " changed";
        return (inConsumer ? "In the consumer: push of " : "Incremental: push of ") + thousands(size) + ", " + which
                + (order == PushOrder.SERVER ? " (server order)" : "")
                + (inConsumer ? " → Dubbo's listener notified the directory" : " → listener");
    }

    public static Figure threads(String scenario, String label) {
        return new Figure(
                "footprint.threads." + scenario, "Footprint: threads added by the consumer, " + label, "threads", 0);
    }

    public static Figure subscriptionThreads(String scenario, String label) {
        return new Figure(
                "footprint.subscription-threads." + scenario,
                "Footprint: threads started by subscribing, " + label,
                "threads",
                0);
    }

    public static Figure heap(String scenario, String label) {
        return new Figure("footprint.heap." + scenario, "Footprint: retained heap, " + label, "MiB", 1);
    }

    public String format(double value) {
        return String.format(Locale.ROOT, "%,." + decimals + "f", value);
    }

    static String thousands(int value) {
        return String.format(Locale.ROOT, "%,d", value);
    }
}
