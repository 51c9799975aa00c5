package dev.damm.server.demo;

import dev.damm.spi.provider.ProviderId;
import dev.damm.core.ControlPlane;
import dev.damm.core.gateway.GatewayRegistration;
import dev.damm.core.model.AccessTier;
import dev.damm.core.model.AccessTierId;
import dev.damm.core.model.EgressKind;
import dev.damm.core.model.EgressPool;
import dev.damm.core.model.EgressPoolId;
import dev.damm.core.model.EgressRule;
import dev.damm.core.model.GatewayId;
import dev.damm.core.model.SubstitutionPolicy;
import dev.damm.spi.net.CountryCode;
import dev.damm.spi.net.Endpoint;
import dev.damm.spi.net.IpNetwork;
import dev.damm.spi.net.RegionCode;
import dev.damm.spi.transport.TransportTier;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The small fleet the demo runs: one region, one tier, a main and a quarantined egress pool, and
 * one gateway with a bare WireGuard door and an AmneziaWG door. Addresses are from the
 * documentation ranges (RFC 5737), so nothing here points at a real host.
 */
final class DemoWorld {
    static final RegionCode REGION = RegionCode.of("eu-central");
    static final AccessTierId TIER = AccessTierId.of("demo");
    static final GatewayId GATEWAY = GatewayId.of("gw-demo-1");

    private DemoWorld() {}

    /** Creates the tier and pools; re-running replaces them with the same values. */
    static void ensureFleetPolicy(ControlPlane cp) {
        cp.putTier(new AccessTier(TIER, "Demo tier", Set.of(REGION), Set.of(CountryCode.of("DE"), CountryCode.of("NL")),
                10_000, 50L * 1024 * 1024 * 1024, true, SubstitutionPolicy.STRICT,
                List.of(new EgressRule(EgressRule.Kind.DOMAIN, "*.example.org"), new EgressRule(EgressRule.Kind.CIDR, "192.0.2.0/24"))),
                "demo");
        cp.putEgressPool(new EgressPool(EgressPoolId.of("eg-demo-main"), ProviderId.of("static"), REGION, EgressKind.MAIN,
                Set.of(CountryCode.of("DE"), CountryCode.of("NL")), List.of(IpNetwork.parse("198.51.100.0/28")), 0.2, 0.8, true), "demo");
        cp.putEgressPool(new EgressPool(EgressPoolId.of("eg-demo-quarantine"), ProviderId.of("static"), REGION, EgressKind.QUARANTINED,
                Set.of(CountryCode.of("DE")), List.of(IpNetwork.parse("198.51.100.64/28")), 0.1, 0.9, true), "demo");
    }

    static List<GatewayRegistration.DeclaredFrontDoor> frontDoors() {
        return List.of(
                new GatewayRegistration.DeclaredFrontDoor("gw-demo-1-t0", Endpoint.parse("203.0.113.10:51820"), TransportTier.T0, 10, Map.of()),
                new GatewayRegistration.DeclaredFrontDoor("gw-demo-1-t1", Endpoint.parse("203.0.113.10:443"), TransportTier.T1, 20,
                        Map.of("jc", "4", "jmin", "40", "jmax", "70", "s1", "15", "s2", "92",
                                "h1", "1106457265", "h2", "249455488", "h3", "1209847463", "h4", "1646644382")));
    }
}
