package dev.damm.core.placement;

import dev.damm.spi.provider.ProviderId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.core.model.AccessTier;
import dev.damm.core.model.AccessTierId;
import dev.damm.core.model.EgressKind;
import dev.damm.core.model.EgressPool;
import dev.damm.core.model.EgressPoolId;
import dev.damm.core.model.FrontDoor;
import dev.damm.core.model.FrontDoorId;
import dev.damm.core.model.FrontDoorState;
import dev.damm.core.model.Gateway;
import dev.damm.core.model.GatewayId;
import dev.damm.core.model.GatewayStatus;
import dev.damm.core.model.HeartbeatMetrics;
import dev.damm.core.model.SubstitutionPolicy;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.net.CountryCode;
import dev.damm.spi.net.Endpoint;
import dev.damm.spi.net.IpNetwork;
import dev.damm.spi.net.RegionCode;
import dev.damm.spi.transport.TransportTier;
import dev.damm.spi.wireguard.WireGuardKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Invariants of placement over random fleets: whatever the fleet, the answer obeys policy and health. */
class PlacerPropertiesTest {
    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    private static final Duration TTL = Duration.ofSeconds(90);
    private static final List<RegionCode> REGIONS = List.of(RegionCode.of("eu-central"), RegionCode.of("us-east"), RegionCode.of("ap-south"));
    private static final List<CountryCode> EXITS = List.of(CountryCode.of("DE"), CountryCode.of("NL"), CountryCode.of("US"));

    private record World(List<Gateway> gateways, List<EgressPool> pools) {}

    private static World world(long seed, int gateways, int pools) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Gateway> gws = new ArrayList<>();
        for (int i = 0; i < gateways; i++) {
            GatewayId id = GatewayId.of("gw-" + i);
            byte[] key = new byte[32];
            r.nextBytes(key);
            int s = r.nextInt(10); // mostly ACTIVE, some DRAINING and RETIRED
            GatewayStatus status = s < 7 ? GatewayStatus.ACTIVE : s < 9 ? GatewayStatus.DRAINING : GatewayStatus.RETIRED;
            List<FrontDoor> doors = new ArrayList<>();
            int n = r.nextInt(4);
            for (int d = 0; d < n; d++) {
                doors.add(new FrontDoor(FrontDoorId.of(id + "-d" + d), id, new Endpoint("h" + i + ".example.net", 1000 + d), TransportTier.T0,
                        r.nextInt(100), FrontDoorState.values()[r.nextInt(3)], Map.of()));
            }
            gws.add(Gateway.builder(id).region(REGIONS.get(r.nextInt(REGIONS.size()))).providerId(ProviderId.of(r.nextBoolean() ? "hetzner" : "vultr"))
                    .status(status).publicKey(WireGuardKey.ofBytes(key)).frontDoors(doors).tokenHash(new byte[32])
                    .registeredAt(NOW.minusSeconds(3600)).lastHeartbeatAt(NOW.minusSeconds(r.nextInt(150)))
                    .metrics(new HeartbeatMetrics(r.nextDouble(), 0, 0, 0)).build());
        }
        List<EgressPool> eps = new ArrayList<>();
        for (int i = 0; i < pools; i++) {
            eps.add(new EgressPool(EgressPoolId.of("eg-" + i), ProviderId.of("static"), REGIONS.get(r.nextInt(REGIONS.size())),
                    r.nextInt(4) == 0 ? EgressKind.QUARANTINED : EgressKind.MAIN, Set.of(EXITS.get(r.nextInt(EXITS.size()))),
                    List.of(IpNetwork.parse("198.51.100.0/28")), r.nextDouble(), r.nextDouble(), r.nextInt(5) != 0));
        }
        return new World(gws, eps);
    }

    private static AccessTier tier(SubstitutionPolicy policy) {
        return new AccessTier(AccessTierId.of("t1"), "t", Set.of(REGIONS.get(0), REGIONS.get(1)), Set.of(EXITS.get(0), EXITS.get(2)),
                100, 0, true, policy, List.of());
    }

    @Property(tries = 300)
    @net.jqwik.api.statistics.StatisticsReport(format = net.jqwik.api.statistics.Histogram.class)
    void aPlacementObeysHealthPolicyAndTheRequest(@ForAll long seed, @ForAll @IntRange(min = 0, max = 30) int gateways,
            @ForAll @IntRange(min = 0, max = 12) int pools, @ForAll boolean substitute, @ForAll @IntRange(min = 0, max = 4) int regionIx,
            @ForAll @IntRange(min = 0, max = 4) int exitIx) {
        World w = world(seed, gateways, pools);
        AccessTier tier = tier(substitute ? SubstitutionPolicy.ALLOW_SUBSTITUTE : SubstitutionPolicy.STRICT);
        // Mostly what the tier allows (indexes 0-3), sometimes not (4: ap-south, NL).
        RegionCode region = List.of(REGIONS.get(0), REGIONS.get(1), REGIONS.get(0), REGIONS.get(1), REGIONS.get(2)).get(regionIx);
        CountryCode exit = List.of(EXITS.get(0), EXITS.get(2), EXITS.get(0), EXITS.get(2), EXITS.get(1)).get(exitIx);
        PlacementRequest req = new PlacementRequest(tier, Optional.of(region), Optional.of(exit), false);
        Placer placer = new Placer(PlacementSignals.NEUTRAL, TTL, 4);
        FleetSnapshot snapshot = FleetSnapshot.of(w.gateways(), w.pools(), NOW, PlacementSignals.NEUTRAL);
        Placement p = placer.place(req, snapshot, NOW);
        net.jqwik.api.statistics.Statistics.collect(p instanceof Placement.Placed pl ? (pl.substituted() ? "substituted" : "placed")
                : ((Placement.Unplaceable) p).code().code());

        // Deterministic: the same inputs, in any order, give the same answer.
        List<Gateway> shuffled = new ArrayList<>(w.gateways());
        Collections.shuffle(shuffled, new java.util.Random(seed));
        assertEquals(p, placer.place(req, FleetSnapshot.of(shuffled, w.pools(), NOW, PlacementSignals.NEUTRAL), NOW));

        if (p instanceof Placement.Placed placed) {
            Gateway g = placed.gateway();
            assertTrue(g.acceptsPlacements(NOW, TTL), "placed on an unhealthy or draining gateway");
            assertTrue(tier.allowedRegions().contains(g.region()), "placed outside the tier's regions");
            assertTrue(placed.frontDoor().isPublished() && placed.frontDoor().gatewayId().equals(g.id()));
            assertEquals(EgressKind.MAIN, placed.egress().kind());
            assertTrue(placed.egress().enabled() && placed.egress().region().equals(g.region()));
            assertTrue(placed.alternates().size() <= 4);
            placed.alternates().forEach(a -> assertTrue(a.gateway().isHealthy(NOW, TTL) && a.frontDoor().isPublished()));
            boolean asked = g.region().equals(req.region().get()) && placed.egress().servesExit(req.exitCountry().get());
            if (!asked) {
                assertTrue(placed.substituted(), "a substitution must be declared");
                assertEquals(SubstitutionPolicy.ALLOW_SUBSTITUTE, tier.substitution(), "strict tiers never substitute");
                assertTrue(placed.reasons().stream().anyMatch(r -> r.startsWith("substituted:")));
            } else {
                assertTrue(!placed.substituted());
            }
        } else {
            Placement.Unplaceable u = (Placement.Unplaceable) p;
            assertTrue(Set.of(ErrorCode.NO_HEALTHY_GATEWAY, ErrorCode.REGION_UNAVAILABLE, ErrorCode.EXIT_COUNTRY_UNAVAILABLE,
                    ErrorCode.POLICY_DENIED).contains(u.code()), u.toString());
            if (!tier.allowedRegions().contains(req.region().get()) || !tier.allowedExitCountries().contains(req.exitCountry().get())) {
                assertEquals(ErrorCode.POLICY_DENIED, u.code());
            }
        }
        // The generator must reach every kind of outcome often enough for the checks above to mean something.
        net.jqwik.api.statistics.Statistics.coverage(c -> {
            c.check("placed").percentage(pct -> pct > 5);
            c.check("substituted").percentage(pct -> pct > 2);
            c.check("no_healthy_gateway").percentage(pct -> pct > 2);
            c.check("policy_denied").percentage(pct -> pct > 10);
        });
    }
}
