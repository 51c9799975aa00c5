package dev.damm.core.score;

import dev.damm.spi.DammException;
import dev.damm.spi.Require;
import java.util.OptionalDouble;

/** Range checks shared by the observation records. */
final class Measures {
    /** An RTT beyond ten minutes is a broken clock, not a slow path. */
    static final double MAX_RTT_MILLIS = 600_000;
    /** Throughput ceiling: 10 Tbit/s in Mbit/s. */
    static final double MAX_MBPS = 10_000_000;

    private Measures() {}

    static double rtt(String field, double millis) {
        return Require.range(field, millis, 0, MAX_RTT_MILLIS);
    }

    static OptionalDouble optionalRtt(String field, OptionalDouble millis) {
        if (millis == null) {
            throw DammException.invalid(field, "must not be null (use OptionalDouble.empty())");
        }
        if (millis.isPresent()) {
            rtt(field, millis.getAsDouble());
        }
        return millis;
    }

    static double mbps(String field, double mbps) {
        return Require.range(field, mbps, 0, MAX_MBPS);
    }
}
