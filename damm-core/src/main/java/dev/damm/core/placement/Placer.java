package dev.damm.core.placement;

import dev.damm.core.model.AccessTier;
import dev.damm.core.model.EgressKind;
import dev.damm.core.model.EgressPool;
import dev.damm.core.model.FrontDoor;
import dev.damm.core.model.FrontDoorState;
import dev.damm.core.model.Gateway;
import dev.damm.core.model.SubstitutionPolicy;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.Require;
import dev.damm.spi.net.CountryCode;
import dev.damm.spi.net.RegionCode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Chooses a gateway, front door and egress pools for a device, explainably.
 *
 * <p>Gateways are ranked by {@code score × (1 − load)}, egress pools by
 * {@code score × headroom × (1 − load)}; ties go to the lower id so the same inputs always give
 * the same answer. When the requested region or exit country cannot be served, the tier's
 * {@link SubstitutionPolicy} decides between failing with a typed code and placing elsewhere
 * with the substitution spelled out in {@link Placement.Placed#reasons()} (memo, item 9).
 * Stateless and thread-safe.
 */
public final class Placer {
    private final PlacementSignals signals;
    private final Duration heartbeatTtl;
    private final int maxAlternates;

    public Placer(PlacementSignals signals, Duration heartbeatTtl, int maxAlternates) {
        this.signals = Require.nonNull("signals", signals);
        this.heartbeatTtl = Require.nonNull("heartbeatTtl", heartbeatTtl);
        this.maxAlternates = Require.range("maxAlternates", maxAlternates, 0, 16);
    }

    public Placement place(PlacementRequest req, FleetSnapshot fleet, Instant now) {
        AccessTier tier = req.tier();
        if (!tier.active()) {
            return new Placement.Unplaceable(ErrorCode.POLICY_DENIED, "tier: " + tier.id() + " is retired");
        }
        if (req.region().isPresent() && !tier.allowedRegions().contains(req.region().get())) {
            return new Placement.Unplaceable(ErrorCode.POLICY_DENIED, "region: " + req.region().get() + " is not allowed by tier " + tier.id());
        }
        if (req.exitCountry().isPresent() && !tier.allowedExitCountries().contains(req.exitCountry().get())) {
            return new Placement.Unplaceable(ErrorCode.POLICY_DENIED, "exitCountry: " + req.exitCountry().get() + " is not allowed by tier " + tier.id());
        }
        boolean substitute = tier.substitution() == SubstitutionPolicy.ALLOW_SUBSTITUTE;
        List<String> reasons = new ArrayList<>();
        List<RegionCode> regions = req.region().map(List::of).orElseGet(() -> List.copyOf(tier.allowedRegions()));

        // 1. What was asked for (or the best allowed region when no region was asked for).
        Candidate best = bestAcross(regions, req.exitCountry(), tier, fleet, now);
        if (best != null) {
            return finish(best, req, tier, fleet, now, reasons, false);
        }
        boolean anyGateway = tier.allowedRegions().stream().anyMatch(r -> bestGateway(fleet.gateways(r), now) != null);
        if (!anyGateway) {
            return new Placement.Unplaceable(ErrorCode.NO_HEALTHY_GATEWAY, "gateway: no registered gateway with a fresh heartbeat in "
                    + tier.allowedRegions());
        }
        boolean regionHasGateway = regions.stream().anyMatch(r -> bestGateway(fleet.gateways(r), now) != null);
        String missing = !regionHasGateway
                ? "region " + req.region().map(Object::toString).orElse("?") + " has no healthy gateway"
                : "no usable egress pool for exit country " + req.exitCountry().map(Object::toString).orElse("?")
                        + " in " + regions;
        if (!substitute) {
            ErrorCode code = !regionHasGateway ? ErrorCode.REGION_UNAVAILABLE : ErrorCode.EXIT_COUNTRY_UNAVAILABLE;
            String field = !regionHasGateway ? "region: " : "exitCountry: ";
            return new Placement.Unplaceable(code, field + missing + " and tier " + tier.id() + " forbids substitution");
        }
        // 2. Keep the exit country, move the region.
        List<RegionCode> others = tier.allowedRegions().stream().filter(r -> !regions.contains(r)).toList();
        if (req.exitCountry().isPresent()) {
            Candidate moved = bestAcross(others, req.exitCountry(), tier, fleet, now);
            if (moved != null) {
                reasons.add("substituted: " + missing + "; placed in region " + moved.gateway.region() + " to keep exit country "
                        + req.exitCountry().get());
                return finish(moved, req, tier, fleet, now, reasons, true);
            }
        }
        // 3. Any allowed exit, the requested region first, then the others.
        Candidate any = bestAcross(regions, Optional.empty(), tier, fleet, now);
        if (any == null) {
            any = bestAcross(others, Optional.empty(), tier, fleet, now);
        }
        if (any == null) {
            return new Placement.Unplaceable(ErrorCode.EXIT_COUNTRY_UNAVAILABLE,
                    "egressPool: no usable egress pool for any exit country tier " + tier.id() + " allows");
        }
        reasons.add("substituted: " + missing + "; placed in region " + any.gateway.region() + " with exit country " + any.exit);
        return finish(any, req, tier, fleet, now, reasons, true);
    }

    private record Candidate(Gateway gateway, double gatewayValue, EgressPool egress, CountryCode exit) {}

    private Candidate bestAcross(List<RegionCode> regions, Optional<CountryCode> exit, AccessTier tier, FleetSnapshot fleet, Instant now) {
        Candidate best = null;
        for (RegionCode r : regions) {
            Ranked<Gateway> gw = bestGateway(fleet.gateways(r), now);
            if (gw == null) {
                continue;
            }
            Ranked<EgressPool> eg = bestEgress(fleet.pools(r, EgressKind.MAIN), exit, tier, null);
            if (eg == null) {
                continue;
            }
            CountryCode chosenExit = exit.orElseGet(() -> firstAllowedExit(eg.item, tier));
            if (best == null || gw.value > best.gatewayValue) {
                best = new Candidate(gw.item, gw.value, eg.item, chosenExit);
            }
        }
        return best;
    }

    private static CountryCode firstAllowedExit(EgressPool pool, AccessTier tier) {
        return pool.exitCountries().stream().filter(tier.allowedExitCountries()::contains).findFirst().orElseThrow();
    }

    private record Ranked<T>(T item, double value) {}

    private Ranked<Gateway> bestGateway(List<Gateway> gateways, Instant now) {
        return bestGatewayExcept(gateways, now, null);
    }

    private Ranked<Gateway> bestGatewayExcept(List<Gateway> gateways, Instant now, Set<Object> excluded) {
        Gateway best = null;
        double bestValue = -1;
        for (Gateway g : gateways) {
            if ((excluded != null && excluded.contains(g.id())) || !g.acceptsPlacements(now, heartbeatTtl)
                    || !signals.gatewayUsable(g.id()) || !hasPublishedDoor(g)) {
                continue;
            }
            double v = signals.gatewayScore(g.id()) * (1.0 - g.metrics().load());
            // Gateways arrive sorted by id, so ">" keeps the lowest id on ties.
            if (v > bestValue) {
                best = g;
                bestValue = v;
            }
        }
        return best == null ? null : new Ranked<>(best, bestValue);
    }

    private static boolean hasPublishedDoor(Gateway g) {
        for (FrontDoor f : g.frontDoors()) {
            if (f.isPublished()) {
                return true;
            }
        }
        return false;
    }

    private Ranked<EgressPool> bestEgress(List<EgressPool> pools, Optional<CountryCode> exit, AccessTier tier, CountryCode prefer) {
        EgressPool best = null;
        double bestValue = -1;
        for (EgressPool p : pools) {
            if (!signals.egressUsable(p.id())) {
                continue;
            }
            if (exit.isPresent() ? !p.servesExit(exit.get()) : p.exitCountries().stream().noneMatch(tier.allowedExitCountries()::contains)) {
                continue;
            }
            double v = signals.egressScore(p.id()) * p.headroom() * (1.0 - p.load());
            if (prefer != null && p.servesExit(prefer)) {
                v += 2.0; // same exit as the main pool beats any score difference
            }
            if (v > bestValue) {
                best = p;
                bestValue = v;
            }
        }
        return best == null ? null : new Ranked<>(best, bestValue);
    }

    private Comparator<FrontDoor> doorOrder() {
        return Comparator.<FrontDoor>comparingInt(f -> f.state() == FrontDoorState.ACTIVE && signals.frontDoorActive(f.id()) ? 0 : 1)
                .thenComparingInt(FrontDoor::priority)
                .thenComparing(FrontDoor::id);
    }

    private Placement finish(Candidate c, PlacementRequest req, AccessTier tier, FleetSnapshot fleet, Instant now,
            List<String> reasons, boolean substituted) {
        Gateway gw = c.gateway;
        List<FrontDoor> doors = gw.frontDoors().stream().filter(FrontDoor::isPublished).sorted(doorOrder()).toList();
        FrontDoor primary = doors.get(0);
        List<Placement.Alternate> alternates = new ArrayList<>();
        doors.subList(1, doors.size()).forEach(d -> alternates.add(new Placement.Alternate(gw, d)));
        // Then the best door of other gateways in the region, other providers first.
        Set<Object> used = new HashSet<>();
        used.add(gw.id());
        List<Placement.Alternate> otherProviders = new ArrayList<>();
        List<Placement.Alternate> sameProvider = new ArrayList<>();
        for (int i = 0; i < maxAlternates; i++) {
            Ranked<Gateway> next = bestGatewayExcept(fleet.gateways(gw.region()), now, used);
            if (next == null) {
                break;
            }
            used.add(next.item.id());
            FrontDoor door = next.item.frontDoors().stream().filter(FrontDoor::isPublished).sorted(doorOrder()).findFirst().orElseThrow();
            (next.item.providerId().equals(gw.providerId()) ? sameProvider : otherProviders).add(new Placement.Alternate(next.item, door));
        }
        alternates.addAll(otherProviders);
        alternates.addAll(sameProvider);
        List<Placement.Alternate> kept = alternates.size() > maxAlternates ? alternates.subList(0, maxAlternates) : alternates;

        Ranked<EgressPool> q = bestEgress(fleet.pools(gw.region(), EgressKind.QUARANTINED), Optional.empty(), tier, c.exit);
        Optional<EgressPool> quarantine = Optional.ofNullable(q).map(Ranked::item);
        EgressPool egress = c.egress;
        reasons.add("gateway " + gw.id() + " (" + gw.providerId() + ", " + gw.region() + "): best of "
                + fleet.gateways(gw.region()).size() + " by score x (1 - load) = " + String.format(java.util.Locale.ROOT, "%.3f", c.gatewayValue));
        reasons.add("front door " + primary.id() + " (" + primary.transport() + " " + primary.endpoint() + "): "
                + (primary.state() == FrontDoorState.ACTIVE ? "active" : "demoted") + ", priority " + primary.priority()
                + "; " + kept.size() + " alternates");
        reasons.add("egress " + egress.id() + " (" + egress.providerId() + ", exit " + c.exit + "): best main pool by score x headroom x (1 - load)");
        if (req.quarantineSession()) {
            if (quarantine.isPresent()) {
                egress = quarantine.get();
                reasons.add("session flagged for quarantine: all traffic leaves through " + egress.id());
            } else if (tier.substitution() == SubstitutionPolicy.STRICT) {
                return new Placement.Unplaceable(ErrorCode.EXIT_COUNTRY_UNAVAILABLE,
                        "egressPool: region " + gw.region() + " has no quarantined egress pool and tier " + tier.id() + " forbids substitution");
            } else {
                substituted = true;
                reasons.add("substituted: session flagged for quarantine but region " + gw.region()
                        + " has no quarantined pool; using main pool " + egress.id());
            }
        } else {
            quarantine.ifPresent(p -> reasons.add("quarantined pool " + p.id() + " carries flows matching " + tier.quarantineRules().size() + " rules"));
        }
        return new Placement.Placed(gw, primary, kept, egress, quarantine, tier.quarantineRules(), reasons, substituted);
    }
}
