package dev.damm.core.placement;

import dev.damm.core.model.EgressKind;
import dev.damm.core.model.EgressPool;
import dev.damm.core.model.Gateway;
import dev.damm.core.model.GatewayStatus;
import dev.damm.spi.net.RegionCode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable, indexed view of the fleet that placement reads without touching the store:
 * gateways and egress pools grouped by region. Ordering by score and load happens per call,
 * because scores move faster than the fleet changes.
 */
public final class FleetSnapshot {
    private final Map<RegionCode, List<Gateway>> gatewaysByRegion;
    private final Map<RegionCode, List<EgressPool>> mainPools;
    private final Map<RegionCode, List<EgressPool>> quarantinePools;
    private final Instant takenAt;
    private final int gatewayCount;

    private FleetSnapshot(Map<RegionCode, List<Gateway>> g, Map<RegionCode, List<EgressPool>> m,
            Map<RegionCode, List<EgressPool>> q, Instant takenAt, int gatewayCount) {
        this.gatewaysByRegion = g;
        this.mainPools = m;
        this.quarantinePools = q;
        this.takenAt = takenAt;
        this.gatewayCount = gatewayCount;
    }

    /** Indexes gateways that can carry traffic (active or draining) and enabled egress pools. */
    public static FleetSnapshot of(Collection<Gateway> gateways, Collection<EgressPool> pools, Instant takenAt) {
        Map<RegionCode, List<Gateway>> g = new HashMap<>();
        int count = 0;
        for (Gateway gw : gateways) {
            if (gw.status() == GatewayStatus.ACTIVE || gw.status() == GatewayStatus.DRAINING) {
                g.computeIfAbsent(gw.region(), r -> new ArrayList<>()).add(gw);
                count++;
            }
        }
        Map<RegionCode, List<EgressPool>> m = new HashMap<>();
        Map<RegionCode, List<EgressPool>> q = new HashMap<>();
        for (EgressPool p : pools) {
            if (p.enabled()) {
                (p.kind() == EgressKind.MAIN ? m : q).computeIfAbsent(p.region(), r -> new ArrayList<>()).add(p);
            }
        }
        g.replaceAll((r, l) -> l.stream().sorted(Comparator.comparing(Gateway::id)).toList());
        m.replaceAll((r, l) -> l.stream().sorted(Comparator.comparing(EgressPool::id)).toList());
        q.replaceAll((r, l) -> l.stream().sorted(Comparator.comparing(EgressPool::id)).toList());
        return new FleetSnapshot(Map.copyOf(g), Map.copyOf(m), Map.copyOf(q), takenAt, count);
    }

    public List<Gateway> gateways(RegionCode region) {
        return gatewaysByRegion.getOrDefault(region, List.of());
    }

    public List<EgressPool> pools(RegionCode region, EgressKind kind) {
        return (kind == EgressKind.MAIN ? mainPools : quarantinePools).getOrDefault(region, List.of());
    }

    public Instant takenAt() {
        return takenAt;
    }

    public int gatewayCount() {
        return gatewayCount;
    }
}
