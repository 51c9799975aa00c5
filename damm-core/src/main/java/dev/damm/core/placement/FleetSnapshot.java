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
 * per region, gateways ranked by {@code score × (1 − load)} and egress pools ranked by
 * {@code score × headroom × (1 − load)}, both best first with ties to the lower id.
 *
 * <p>Ranking once per snapshot, not per placement, is what makes a placement cost a few list
 * steps instead of a scan of the fleet; health (heartbeat freshness) and usability are still
 * checked per placement, walking the ranking until the first gateway that passes.
 */
public final class FleetSnapshot {
    /** A gateway with the value it was ranked by. */
    public record RankedGateway(Gateway gateway, double value) {}

    /** An egress pool with the value it was ranked by. */
    public record RankedPool(EgressPool pool, double value) {}

    private final Map<RegionCode, List<RankedGateway>> gatewaysByRegion;
    private final Map<RegionCode, List<RankedPool>> mainPools;
    private final Map<RegionCode, List<RankedPool>> quarantinePools;
    private final Instant takenAt;
    private final int gatewayCount;

    private FleetSnapshot(Map<RegionCode, List<RankedGateway>> g, Map<RegionCode, List<RankedPool>> m,
            Map<RegionCode, List<RankedPool>> q, Instant takenAt, int gatewayCount) {
        this.gatewaysByRegion = g;
        this.mainPools = m;
        this.quarantinePools = q;
        this.takenAt = takenAt;
        this.gatewayCount = gatewayCount;
    }

    /** Indexes gateways that can carry traffic (active or draining) and enabled egress pools. */
    public static FleetSnapshot of(Collection<Gateway> gateways, Collection<EgressPool> pools, Instant takenAt, PlacementSignals signals) {
        Map<RegionCode, List<RankedGateway>> g = new HashMap<>();
        int count = 0;
        for (Gateway gw : gateways) {
            if (gw.status() == GatewayStatus.ACTIVE || gw.status() == GatewayStatus.DRAINING) {
                double v = signals.gatewayScore(gw.id()) * (1.0 - gw.metrics().load());
                g.computeIfAbsent(gw.region(), r -> new ArrayList<>()).add(new RankedGateway(gw, v));
                count++;
            }
        }
        Map<RegionCode, List<RankedPool>> m = new HashMap<>();
        Map<RegionCode, List<RankedPool>> q = new HashMap<>();
        for (EgressPool p : pools) {
            if (p.enabled()) {
                double v = signals.egressScore(p.id()) * p.headroom() * (1.0 - p.load());
                (p.kind() == EgressKind.MAIN ? m : q).computeIfAbsent(p.region(), r -> new ArrayList<>()).add(new RankedPool(p, v));
            }
        }
        Comparator<RankedGateway> gOrder = Comparator.comparingDouble(RankedGateway::value).reversed()
                .thenComparing(r -> r.gateway().id());
        Comparator<RankedPool> pOrder = Comparator.comparingDouble(RankedPool::value).reversed().thenComparing(r -> r.pool().id());
        g.replaceAll((r, l) -> l.stream().sorted(gOrder).toList());
        m.replaceAll((r, l) -> l.stream().sorted(pOrder).toList());
        q.replaceAll((r, l) -> l.stream().sorted(pOrder).toList());
        return new FleetSnapshot(Map.copyOf(g), Map.copyOf(m), Map.copyOf(q), takenAt, count);
    }

    /** Gateways of a region, best first. */
    public List<RankedGateway> gateways(RegionCode region) {
        return gatewaysByRegion.getOrDefault(region, List.of());
    }

    /** Enabled pools of a region and kind, best first. */
    public List<RankedPool> pools(RegionCode region, EgressKind kind) {
        return (kind == EgressKind.MAIN ? mainPools : quarantinePools).getOrDefault(region, List.of());
    }

    public Instant takenAt() {
        return takenAt;
    }

    public int gatewayCount() {
        return gatewayCount;
    }
}
