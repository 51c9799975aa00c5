package dev.damm.core.metering;

import dev.damm.core.internal.audit.AuditLog;
import dev.damm.core.model.AccessTier;
import dev.damm.core.model.Device;
import dev.damm.core.model.DeviceState;
import dev.damm.core.model.Gateway;
import dev.damm.core.model.GatewayStatus;
import dev.damm.core.model.SuspensionReason;
import dev.damm.core.store.DammStore;
import dev.damm.core.store.UsageRepository.CounterSnapshot;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Applies gateway usage reports to device totals, exactly once per report id. Counters are
 * monotonic per gateway interface; a value lower than the last one seen means the interface
 * restarted (counter reset), and the new value is counted whole. A device whose total passes its
 * tier's byte limit is suspended for quota and so leaves the next admission set.
 */
public final class MeteringService {
    private final DammStore store;
    private final Clock clock;

    public MeteringService(DammStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** What applying a report did. */
    public record Outcome(boolean duplicate, int devicesUpdated, int unknownPeers, int countersReset, List<String> suspended) {}

    /** Applies {@code report} from {@code gateway} (already authenticated by its gateway credential). */
    public Outcome apply(Gateway gateway, UsageReport report) {
        if (gateway.status() == GatewayStatus.PROVISIONED) {
            throw new DammException(ErrorCode.GATEWAY_NOT_REGISTERED, "gateway: " + gateway.id() + " must register before reporting usage");
        }
        if (gateway.status() == GatewayStatus.RETIRED) {
            throw new DammException(ErrorCode.PERMISSION_DENIED, "gateway: " + gateway.id() + " is retired");
        }
        Instant now = clock.instant();
        return store.inTransaction(tx -> {
            if (!tx.usage().markReportApplied(report.reportId(), gateway.id(), now)) {
                return new Outcome(true, 0, 0, 0, List.of());
            }
            int updated = 0;
            int unknown = 0;
            int resets = 0;
            List<String> suspended = new ArrayList<>();
            for (UsageReport.PeerCounters pc : report.peers()) {
                Optional<Device> found = tx.devices().findByPublicKey(pc.publicKey());
                if (found.isEmpty()) {
                    unknown++;
                    continue;
                }
                Device d = found.get();
                Optional<CounterSnapshot> last = tx.usage().lastCounters(d.id(), gateway.id());
                long dRx = pc.rxBytes();
                long dTx = pc.txBytes();
                if (last.isPresent()) {
                    boolean reset = pc.rxBytes() < last.get().rxBytes() || pc.txBytes() < last.get().txBytes();
                    if (reset) {
                        resets++;
                    } else {
                        dRx = pc.rxBytes() - last.get().rxBytes();
                        dTx = pc.txBytes() - last.get().txBytes();
                    }
                }
                tx.usage().saveCounters(d.id(), gateway.id(), new CounterSnapshot(pc.rxBytes(), pc.txBytes(), now));
                if (dRx == 0 && dTx == 0) {
                    continue;
                }
                Device.Builder b = d.toBuilder().usage(saturatingAdd(d.rxBytes(), dRx), saturatingAdd(d.txBytes(), dTx)).updatedAt(now);
                Device after = b.build();
                AccessTier tier = tx.accessTiers().find(d.tierId()).orElse(null);
                if (tier != null && tier.hasByteLimit() && after.totalBytes() > tier.byteLimit() && after.state() == DeviceState.ACTIVE) {
                    after = after.toBuilder().state(DeviceState.SUSPENDED, SuspensionReason.OVER_QUOTA).build();
                    tx.devices().update(after);
                    AuditLog.record(tx, now, "metering", "device.suspend_over_quota", "device:" + d.id(),
                            AuditLog.snapshot(d), AuditLog.snapshot(after));
                    suspended.add(d.id().value());
                } else {
                    tx.devices().update(after);
                }
                updated++;
            }
            return new Outcome(false, updated, unknown, resets, List.copyOf(suspended));
        });
    }

    private static long saturatingAdd(long a, long b) {
        long r = a + b;
        return r < 0 ? Long.MAX_VALUE : r;
    }
}
