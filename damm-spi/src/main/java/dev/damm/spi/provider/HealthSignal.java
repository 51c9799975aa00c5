package dev.damm.spi.provider;

import dev.damm.spi.DammException;
import dev.damm.spi.Require;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The answer of one health probe: a value even when the target is down or unknown, so probing
 * never needs a try/catch.
 *
 * @param target     what was probed, as the caller named it
 * @param status     the outcome
 * @param observedAt when the probe finished, from the adapter's clock
 * @param latency    how long the target took to answer; {@code null} when nothing was measured
 * @param detail     a short explanation for operators (never a secret); may be empty
 */
public record HealthSignal(String target, HealthStatus status, Instant observedAt, Duration latency, String detail) {

    public HealthSignal {
        Require.nonNull("healthSignal.target", target);
        if (target.length() > 256) {
            target = target.substring(0, 256);
        }
        Require.nonNull("healthSignal.status", status);
        Require.nonNull("healthSignal.observedAt", observedAt);
        if (latency != null && latency.isNegative()) {
            throw DammException.invalid("healthSignal.latency", "must not be negative, was " + latency);
        }
        Require.nonNull("healthSignal.detail", detail);
        if (detail.length() > 500) {
            detail = detail.substring(0, 500);
        }
    }

    public static HealthSignal healthy(String target, Instant at, Duration latency) {
        return new HealthSignal(target, HealthStatus.HEALTHY, at, Require.nonNull("healthSignal.latency", latency), "");
    }

    public static HealthSignal unhealthy(String target, Instant at, String detail) {
        return new HealthSignal(target, HealthStatus.UNHEALTHY, at, null, detail);
    }

    public static HealthSignal unknown(String target, Instant at, String detail) {
        return new HealthSignal(target, HealthStatus.UNKNOWN, at, null, detail);
    }

    /** The measured latency, when there is one. */
    public Optional<Duration> measuredLatency() {
        return Optional.ofNullable(latency);
    }
}
