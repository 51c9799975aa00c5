package dev.damm.core.store;

import dev.damm.core.model.DeviceId;
import dev.damm.core.model.GatewayId;
import java.time.Instant;
import java.util.Optional;

/** What metering needs to apply gateway usage reports exactly once. */
public interface UsageRepository {
    /**
     * Records that report {@code reportId} from {@code gateway} was applied. Returns false when it
     * was applied before (the store's idempotency guarantee).
     */
    boolean markReportApplied(String reportId, GatewayId gateway, Instant at);

    /** The last raw counters a gateway reported for a device, to compute deltas and detect resets. */
    Optional<CounterSnapshot> lastCounters(DeviceId device, GatewayId gateway);

    void saveCounters(DeviceId device, GatewayId gateway, CounterSnapshot counters);

    /** Raw monotonic counters as a gateway reported them. */
    record CounterSnapshot(long rxBytes, long txBytes, Instant at) {
        public CounterSnapshot {
            dev.damm.spi.Require.nonNegative("counters.rxBytes", rxBytes);
            dev.damm.spi.Require.nonNegative("counters.txBytes", txBytes);
            dev.damm.spi.Require.nonNull("counters.at", at);
        }
    }
}
