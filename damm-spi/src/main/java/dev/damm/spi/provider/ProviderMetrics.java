package dev.damm.spi.provider;

import dev.damm.spi.DammException;
import dev.damm.spi.Require;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

/**
 * Named numeric readings a provider publishes about a target (CPU, bytes out, request counts,
 * quota left), read at one instant.
 *
 * <p>Names are lower-case dotted words such as {@code traffic.out.bytes}; the set varies by
 * provider, and an empty map is a valid answer for a target the provider knows nothing about.
 *
 * @param target     what the readings are about, as the caller named it
 * @param observedAt when they were read, from the adapter's clock
 * @param values     reading name to value; finite numbers only
 */
public record ProviderMetrics(String target, Instant observedAt, Map<String, Double> values) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*(?:\\.[a-z0-9_]+)*");

    public ProviderMetrics {
        Require.nonNull("metrics.target", target);
        if (target.length() > 256) {
            target = target.substring(0, 256);
        }
        Require.nonNull("metrics.observedAt", observedAt);
        Require.nonNull("metrics.values", values);
        if (values.size() > 256) {
            throw DammException.invalid("metrics.values", "must have at most 256 readings, had " + values.size());
        }
        for (Map.Entry<String, Double> e : values.entrySet()) {
            Require.matches("metrics.values", e.getKey(), NAME, 64, "a lower-case dotted name");
            if (e.getValue() == null || !Double.isFinite(e.getValue())) {
                throw DammException.invalid("metrics.values[" + e.getKey() + "]", "must be a finite number, was " + e.getValue());
            }
        }
        values = Map.copyOf(values);
    }

    /** No readings. */
    public static ProviderMetrics empty(String target, Instant at) {
        return new ProviderMetrics(target, at, Map.of());
    }

    public OptionalDouble value(String name) {
        Double v = values.get(name);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }
}
