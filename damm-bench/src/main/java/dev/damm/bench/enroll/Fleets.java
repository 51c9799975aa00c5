package dev.damm.bench.enroll;

import dev.damm.spi.provider.ProviderId;
import dev.damm.core.ControlPlane;
import dev.damm.core.enroll.TrustAnchor;
import dev.damm.core.gateway.GatewayRegistration;
import dev.damm.core.gateway.GatewayService;
import dev.damm.core.ipam.AddressPlan;
import dev.damm.core.model.AccessTier;
import dev.damm.core.model.AccessTierId;
import dev.damm.core.model.EgressKind;
import dev.damm.core.model.EgressPool;
import dev.damm.core.model.EgressPoolId;
import dev.damm.core.model.GatewayId;
import dev.damm.core.model.HeartbeatMetrics;
import dev.damm.core.model.SubstitutionPolicy;
import dev.damm.core.ratelimit.BucketShape;
import dev.damm.core.store.DammStore;
import dev.damm.spi.net.CountryCode;
import dev.damm.spi.net.Endpoint;
import dev.damm.spi.net.IpNetwork;
import dev.damm.spi.net.RegionCode;
import dev.damm.spi.transport.TransportTier;
import dev.damm.spi.wireguard.WireGuardKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/** Builds benchmark fleets through the public services, the way an operator would. */
public final class Fleets {
    public static final AccessTierId TIER = AccessTierId.of("bench");
    static final String[] PROVIDERS = {"hetzner", "digitalocean", "vultr", "ovh", "static"};
    static final CountryCode[] EXITS = {CountryCode.of("DE"), CountryCode.of("NL"), CountryCode.of("US"), CountryCode.of("JP")};

    private Fleets() {}

    public static List<RegionCode> regions(int n) {
        List<RegionCode> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(RegionCode.of("region-" + i));
        }
        return out;
    }

    /** A control plane with huge rate limits and a /8 pool, so only the work itself is measured. */
    public static ControlPlane controlPlane(DammStore store, Clock clock, long seed) {
        return ControlPlane.builder(store).clock(clock).random(new SplittableRandom(seed))
                .addressPlan(new AddressPlan(IpNetwork.parse("10.0.0.0/8"), Optional.of(IpNetwork.parse("fd00:44::/64")), 1, 10, Duration.ofDays(1)))
                .heartbeatTtl(Duration.ofDays(3650))
                .fleetSnapshotMaxAge(Duration.ofDays(3650))
                .mintLimits(BucketShape.perMinute(1_000_000_000L), BucketShape.perMinute(1_000_000_000L), BucketShape.perMinute(1_000_000_000L))
                .enrollLimits(BucketShape.perMinute(1_000_000_000L), BucketShape.perMinute(1_000_000_000L), BucketShape.perMinute(1_000_000_000L))
                .trustAnchor(() -> new TrustAnchor(1, new byte[] {1}))
                .build();
    }

    /** {@code gateways} gateways with {@code doors} front doors each, and {@code pools} egress pools, spread over regions. */
    public static void populate(ControlPlane cp, List<RegionCode> regions, int gateways, int doors, int pools) {
        SplittableRandom r = new SplittableRandom(42);
        cp.putTier(new AccessTier(TIER, "bench", Set.copyOf(regions), Set.of(EXITS), 100_000_000, 0, true,
                SubstitutionPolicy.ALLOW_SUBSTITUTE, List.of()), "bench");
        for (int p = 0; p < pools; p++) {
            RegionCode region = regions.get(p % regions.size());
            EgressKind kind = p % 4 == 3 ? EgressKind.QUARANTINED : EgressKind.MAIN;
            cp.putEgressPool(new EgressPool(EgressPoolId.of("eg-" + p), ProviderId.of(PROVIDERS[p % PROVIDERS.length]), region, kind,
                    Set.of(EXITS[p % EXITS.length], EXITS[(p + 1) % EXITS.length]), List.of(IpNetwork.parse("198.51.100.0/28")),
                    r.nextDouble(0.1, 0.9), r.nextDouble(0.1, 0.9), true), "bench");
        }
        for (int g = 0; g < gateways; g++) {
            RegionCode region = regions.get(g % regions.size());
            GatewayService.Provisioned prov = cp.gateways().provision(GatewayId.of("gw-" + g), "gw-" + g, region,
                    ProviderId.of(PROVIDERS[g % PROVIDERS.length]), "bench");
            List<GatewayRegistration.DeclaredFrontDoor> specs = new ArrayList<>();
            for (int d = 0; d < doors; d++) {
                specs.add(new GatewayRegistration.DeclaredFrontDoor("gw-" + g + "-fd" + d, new Endpoint("gw" + g + ".example.net", 51820 + d),
                        TransportTier.values()[d % TransportTier.values().length], 10 * (d + 1),
                        params(TransportTier.values()[d % TransportTier.values().length])));
            }
            String credential = cp.gateways().register(prov.token(), new GatewayRegistration(key(r), specs)).credential().orElseThrow();
            cp.gateways().heartbeat(credential, new HeartbeatMetrics(r.nextDouble(0, 0.95), 0, 0, 0));
        }
    }

    /** Parameters each tier needs to be publishable. */
    static Map<String, String> params(TransportTier tier) {
        switch (tier) {
            case T1:
                return Map.of("jc", "4", "jmin", "40", "jmax", "70", "s1", "15", "s2", "92",
                        "h1", "1106457265", "h2", "249455488", "h3", "1209847463", "h4", "1646644382");
            case T3:
                return Map.of("path", "/wg");
            case T4:
                return Map.of("path", "/wg", "sni", "cdn.example.net", "host", "front.example.org");
            default:
                return Map.of();
        }
    }

    public static WireGuardKey key(SplittableRandom r) {
        byte[] b = new byte[32];
        r.nextBytes(b);
        return WireGuardKey.ofBytes(b);
    }
}
