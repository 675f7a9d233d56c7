package dev.nacosapp.dubbo.discovery.internal.conversion;

/**
 * Converts Nacos' decimal instance weight to Dubbo's integer load-balancing weight. Stateless.
 *
 * <p>Nacos' default weight 1.0 is Dubbo's default weight 100, so one Nacos unit is 100 Dubbo units:
 * {@code dubbo = round(nacos x 100)}. A positive Nacos weight never maps to Dubbo 0
 * (Dubbo would then treat it like a drained instance); Nacos' maximum 10000 maps to 1,000,000.
 */
public final class WeightMapping {
    private static final double DUBBO_UNITS_PER_NACOS_UNIT = 100.0;

    private WeightMapping() {}

    /** Dubbo weight for a Nacos weight; NaN, negative and zero map to 0. */
    public static int toDubbo(double nacosWeight) {
        if (Double.isNaN(nacosWeight) || nacosWeight <= 0) {
            return 0;
        }
        double scaled = nacosWeight * DUBBO_UNITS_PER_NACOS_UNIT;
        if (scaled >= Integer.MAX_VALUE) {
            return Integer.MAX_VALUE;
        }
        return (int) Math.max(1L, Math.round(scaled));
    }
}
