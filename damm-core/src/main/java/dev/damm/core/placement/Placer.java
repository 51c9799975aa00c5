package dev.damm.core.placement;

import dev.damm.core.model.AccessTier;
import dev.damm.core.model.EgressKind;
import dev.damm.core.model.EgressPool;
import dev.damm.core.model.FrontDoor;
import dev.damm.core.model.FrontDoorState;
import dev.damm.core.model.Gateway;
import dev.damm.core.model.GatewayId;
import dev.damm.core.model.SubstitutionPolicy;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.Require;
import dev.damm.spi.net.CountryCode;
import dev.damm.spi.net.RegionCode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Chooses a gateway, front door and egress pools for a device, explainably.
 *
 * <p>Gateways are taken in the snapshot's ranking ({@code score × (1 − load)}, ties to the lower
 * id), skipping any that are unhealthy, draining, dropped by the score model or without a
 * published front door; egress pools likewise ({@code score × headroom × (1 − load)}). The same
 * inputs always give the same answer. When the requested region or exit country cannot be served,
 * the tier's {@link SubstitutionPolicy} decides between failing with a typed code and placing
 * elsewhere with the substitution spelled out in {@link Placement.Placed#reasons()}, never silently. Stateless and thread-safe.
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
        List<RegionCode> regions = req.region().map(List::of).orElseGet(() -> List.copyOf(tier.allowedRegions()));

        // 1. What was asked for (or the best allowed region when no region was asked for).
        Candidate best = bestAcross(regions, req.exitCountry(), tier, fleet, now);
        if (best != null) {
            return finish(best, req, tier, fleet, now, new ArrayList<>(2), false);
        }
        boolean anyGateway = false;
        for (RegionCode r : tier.allowedRegions()) {
            if (firstPlaceable(fleet.gateways(r), now, null) != null) {
                anyGateway = true;
                break;
            }
        }
        if (!anyGateway) {
            return new Placement.Unplaceable(ErrorCode.NO_HEALTHY_GATEWAY, "gateway: no registered gateway with a fresh heartbeat in "
                    + tier.allowedRegions());
        }
        boolean regionHasGateway = false;
        for (RegionCode r : regions) {
            if (firstPlaceable(fleet.gateways(r), now, null) != null) {
                regionHasGateway = true;
                break;
            }
        }
        String missing = !regionHasGateway
                ? "region " + req.region().map(Object::toString).orElse("?") + " has no healthy gateway"
                : "no usable egress pool for exit country " + req.exitCountry().map(Object::toString).orElse("?") + " in " + regions;
        if (tier.substitution() == SubstitutionPolicy.STRICT) {
            ErrorCode code = !regionHasGateway ? ErrorCode.REGION_UNAVAILABLE : ErrorCode.EXIT_COUNTRY_UNAVAILABLE;
            String field = !regionHasGateway ? "region: " : "exitCountry: ";
            return new Placement.Unplaceable(code, field + missing + " and tier " + tier.id() + " forbids substitution");
        }
        List<String> reasons = new ArrayList<>();
        // 2. Keep the exit country, move the region.
        List<RegionCode> others = tier.allowedRegions().stream().filter(r -> !regions.contains(r)).toList();
        if (req.exitCountry().isPresent()) {
            Candidate moved = bestAcross(others, req.exitCountry(), tier, fleet, now);
            if (moved != null) {
                reasons.add("substituted: " + missing + "; placed in region " + moved.gateway.gateway().region()
                        + " to keep exit country " + req.exitCountry().get());
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
        reasons.add("substituted: " + missing + "; placed in region " + any.gateway.gateway().region() + " with exit country " + any.exit);
        return finish(any, req, tier, fleet, now, reasons, true);
    }

    private record Candidate(FleetSnapshot.RankedGateway gateway, EgressPool egress, CountryCode exit) {}

    private Candidate bestAcross(List<RegionCode> regions, Optional<CountryCode> exit, AccessTier tier, FleetSnapshot fleet, Instant now) {
        Candidate best = null;
        for (RegionCode r : regions) {
            FleetSnapshot.RankedGateway gw = firstPlaceable(fleet.gateways(r), now, null);
            if (gw == null || (best != null && gw.value() <= best.gateway.value())) {
                continue;
            }
            EgressPool eg = firstEgress(fleet.pools(r, EgressKind.MAIN), exit, tier, null);
            if (eg == null) {
                continue;
            }
            best = new Candidate(gw, eg, exit.orElseGet(() -> firstAllowedExit(eg, tier)));
        }
        return best;
    }

    private static CountryCode firstAllowedExit(EgressPool pool, AccessTier tier) {
        for (CountryCode c : pool.exitCountries()) {
            if (tier.allowedExitCountries().contains(c)) {
                return c;
            }
        }
        throw new IllegalStateException("pool " + pool.id() + " was chosen without an allowed exit");
    }

    /** The best gateway that can take a device now, not in {@code excluded}. */
    private FleetSnapshot.RankedGateway firstPlaceable(List<FleetSnapshot.RankedGateway> ranked, Instant now, List<GatewayId> excluded) {
        for (FleetSnapshot.RankedGateway rg : ranked) {
            Gateway g = rg.gateway();
            if ((excluded == null || !excluded.contains(g.id())) && g.acceptsPlacements(now, heartbeatTtl)
                    && signals.gatewayUsable(g.id()) && bestDoor(g) != null) {
                return rg;
            }
        }
        return null;
    }

    /** The best pool serving {@code exit} (or any exit the tier allows); {@code prefer} wins when served. */
    private EgressPool firstEgress(List<FleetSnapshot.RankedPool> ranked, Optional<CountryCode> exit, AccessTier tier, CountryCode prefer) {
        EgressPool fallback = null;
        for (FleetSnapshot.RankedPool rp : ranked) {
            EgressPool p = rp.pool();
            if (!signals.egressUsable(p.id())) {
                continue;
            }
            boolean serves = exit.isPresent() ? p.servesExit(exit.get()) : servesAnyAllowed(p, tier);
            if (!serves) {
                continue;
            }
            if (prefer == null || p.servesExit(prefer)) {
                return p;
            }
            if (fallback == null) {
                fallback = p;
            }
        }
        return fallback;
    }

    private static boolean servesAnyAllowed(EgressPool p, AccessTier tier) {
        for (CountryCode c : p.exitCountries()) {
            if (tier.allowedExitCountries().contains(c)) {
                return true;
            }
        }
        return false;
    }

    /** Active doors before demoted ones, then priority, then id; inactive doors never. */
    private int doorRank(FrontDoor f) {
        return f.state() == FrontDoorState.ACTIVE && signals.frontDoorActive(f.id()) ? 0 : 1;
    }

    private boolean doorBefore(FrontDoor a, FrontDoor b) {
        int c = Integer.compare(doorRank(a), doorRank(b));
        if (c == 0) {
            c = Integer.compare(a.priority(), b.priority());
        }
        if (c == 0) {
            c = a.id().compareTo(b.id());
        }
        return c < 0;
    }

    private FrontDoor bestDoor(Gateway g) {
        FrontDoor best = null;
        for (FrontDoor f : g.frontDoors()) {
            if (f.isPublished() && (best == null || doorBefore(f, best))) {
                best = f;
            }
        }
        return best;
    }

    private List<FrontDoor> orderedDoors(Gateway g) {
        List<FrontDoor> doors = new ArrayList<>(g.frontDoors().size());
        for (FrontDoor f : g.frontDoors()) {
            if (f.isPublished()) {
                doors.add(f);
            }
        }
        doors.sort((a, b) -> doorBefore(a, b) ? -1 : doorBefore(b, a) ? 1 : 0);
        return doors;
    }

    private Placement finish(Candidate c, PlacementRequest req, AccessTier tier, FleetSnapshot fleet, Instant now,
            List<String> reasons, boolean substituted) {
        Gateway gw = c.gateway.gateway();
        List<FrontDoor> doors = orderedDoors(gw);
        FrontDoor primary = doors.get(0);
        List<Placement.Alternate> alternates = new ArrayList<>(maxAlternates);
        for (int i = 1; i < doors.size() && alternates.size() < maxAlternates; i++) {
            alternates.add(new Placement.Alternate(gw, doors.get(i)));
        }
        // Then the best door of the next-best gateways of the region, other providers first.
        List<GatewayId> used = new ArrayList<>(maxAlternates + 1);
        used.add(gw.id());
        List<Placement.Alternate> sameProvider = new ArrayList<>();
        for (int i = 0; i < maxAlternates && alternates.size() < maxAlternates; i++) {
            FleetSnapshot.RankedGateway next = firstPlaceable(fleet.gateways(gw.region()), now, used);
            if (next == null) {
                break;
            }
            used.add(next.gateway().id());
            Placement.Alternate alt = new Placement.Alternate(next.gateway(), bestDoor(next.gateway()));
            if (next.gateway().providerId().equals(gw.providerId())) {
                sameProvider.add(alt);
            } else {
                alternates.add(alt);
            }
        }
        for (Placement.Alternate a : sameProvider) {
            if (alternates.size() < maxAlternates) {
                alternates.add(a);
            }
        }

        EgressPool quarantine = firstEgress(fleet.pools(gw.region(), EgressKind.QUARANTINED), Optional.empty(), tier, c.exit);
        EgressPool egress = c.egress;
        reasons.add("gateway " + gw.id() + " (" + gw.providerId() + ", " + gw.region() + "): first healthy of "
                + fleet.gateways(gw.region()).size() + " ranked by score x (1 - load) = " + round3(c.gateway.value()));
        reasons.add("front door " + primary.id() + " (" + primary.transport() + " " + primary.endpoint() + "): "
                + (doorRank(primary) == 0 ? "active" : "demoted") + ", priority " + primary.priority() + "; " + alternates.size() + " alternates");
        reasons.add("egress " + egress.id() + " (" + egress.providerId() + ", exit " + c.exit + "): best main pool by score x headroom x (1 - load)");
        if (req.quarantineSession()) {
            if (quarantine != null) {
                egress = quarantine;
                reasons.add("session flagged for quarantine: all traffic leaves through " + egress.id());
            } else if (tier.substitution() == SubstitutionPolicy.STRICT) {
                return new Placement.Unplaceable(ErrorCode.EXIT_COUNTRY_UNAVAILABLE,
                        "egressPool: region " + gw.region() + " has no quarantined egress pool and tier " + tier.id() + " forbids substitution");
            } else {
                substituted = true;
                reasons.add("substituted: session flagged for quarantine but region " + gw.region()
                        + " has no quarantined pool; using main pool " + egress.id());
            }
        } else if (quarantine != null) {
            reasons.add("quarantined pool " + quarantine.id() + " carries flows matching " + tier.quarantineRules().size() + " rules");
        }
        return new Placement.Placed(gw, primary, alternates, egress, Optional.ofNullable(quarantine), tier.quarantineRules(), reasons, substituted);
    }

    private static String round3(double v) {
        return Double.toString(Math.round(v * 1000.0) / 1000.0);
    }
}
