package dev.damm.core.score;

import dev.damm.spi.DammException;
import dev.damm.spi.Require;
import java.time.Instant;
import java.util.OptionalDouble;

/**
 * An anonymous quality report from a client: whether its session over the path worked and,
 * optionally, the RTT (ms) and throughput (Mbit/s) it saw. It names no device.
 *
 * <p>Throughput is compared with the rate the path last advertised in a {@link ThroughputSample};
 * until one arrived it is ignored.
 */
public record ClientReport(PathKey path, Instant at, boolean succeeded, OptionalDouble rttMillis,
                           OptionalDouble throughputMbps) implements Observation.OnPath {
    public ClientReport {
        Require.nonNull("path", path);
        Require.nonNull("at", at);
        Measures.optionalRtt("rttMillis", rttMillis);
        if (throughputMbps == null) {
            throw DammException.invalid("throughputMbps", "must not be null (use OptionalDouble.empty())");
        }
        if (throughputMbps.isPresent()) {
            Measures.mbps("throughputMbps", throughputMbps.getAsDouble());
        }
        if (!succeeded && (rttMillis.isPresent() || throughputMbps.isPresent())) {
            throw DammException.invalid("succeeded", "a failed report carries no RTT or throughput");
        }
    }

    /** A report of a working session with no measurements attached. */
    public static ClientReport success(PathKey path, Instant at) {
        return new ClientReport(path, at, true, OptionalDouble.empty(), OptionalDouble.empty());
    }

    /** A report of a session that did not work. */
    public static ClientReport failure(PathKey path, Instant at) {
        return new ClientReport(path, at, false, OptionalDouble.empty(), OptionalDouble.empty());
    }
}
