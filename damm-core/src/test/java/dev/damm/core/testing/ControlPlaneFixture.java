package dev.damm.core.testing;

import dev.damm.spi.provider.ProviderId;
import dev.damm.core.ControlPlane;
import dev.damm.core.enroll.EnrollmentRequest;
import dev.damm.core.enroll.EnrollmentResult;
import dev.damm.core.enroll.MintedPass;
import dev.damm.core.enroll.TrustAnchor;
import dev.damm.core.gateway.GatewayRegistration;
import dev.damm.core.gateway.GatewayService;
import dev.damm.core.ipam.AddressPlan;
import dev.damm.core.model.AccessTier;
import dev.damm.core.model.AccessTierId;
import dev.damm.core.model.EgressKind;
import dev.damm.core.model.EgressPool;
import dev.damm.core.model.EgressPoolId;
import dev.damm.core.model.EgressRule;
import dev.damm.core.model.GatewayId;
import dev.damm.core.model.HeartbeatMetrics;
import dev.damm.core.model.SubstitutionPolicy;
import dev.damm.core.ratelimit.BucketShape;
import dev.damm.core.store.DammStore;
import dev.damm.core.store.InMemoryStore;
import dev.damm.spi.net.CountryCode;
import dev.damm.spi.net.Endpoint;
import dev.damm.spi.net.IpNetwork;
import dev.damm.spi.net.RegionCode;
import dev.damm.spi.transport.TransportTier;
import dev.damm.spi.wireguard.WireGuardKey;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * A control plane over an in-memory store with a fake clock and seeded randomness, a tier
 * ({@code standard}: eu-central and us-east, exits DE/NL/US), egress pools and helpers to add
 * gateways and enroll devices.
 */
public final class ControlPlaneFixture {
    public static final AccessTierId TIER = AccessTierId.of("standard");
    public static final RegionCode EU = RegionCode.of("eu-central");
    public static final RegionCode US = RegionCode.of("us-east");
    public static final CountryCode DE = CountryCode.of("DE");
    public static final CountryCode NL = CountryCode.of("NL");
    public static final CountryCode US_C = CountryCode.of("US");

    public final FakeClock clock = FakeClock.at("2026-11-21T10:00:00Z");
    public final DammStore store;
    public final ControlPlane cp;
    private final RandomGenerator keyRandom = new SplittableRandom(99);
    private int clientCounter;

    public ControlPlaneFixture() {
        this(new InMemoryStore(), AddressPlan.defaults(), SubstitutionPolicy.STRICT);
    }

    public ControlPlaneFixture(DammStore store, AddressPlan plan, SubstitutionPolicy substitution) {
        this.store = store;
        this.cp = ControlPlane.builder(store).clock(clock).random(new SplittableRandom(7)).addressPlan(plan)
                .trustAnchor(() -> new TrustAnchor(1, "root".getBytes()))
                .mintLimits(BucketShape.perHour(1_000_000), BucketShape.perHour(1_000_000), BucketShape.perHour(1_000_000))
                .enrollLimits(BucketShape.perHour(1_000_000), BucketShape.perHour(1_000_000), BucketShape.perHour(1_000_000))
                .build();
        cp.putTier(tier(substitution, 1_000_000, 0), "admin");
        cp.putEgressPool(pool("eg-eu-main", EU, EgressKind.MAIN, Set.of(DE, NL)), "admin");
        cp.putEgressPool(pool("eg-eu-q", EU, EgressKind.QUARANTINED, Set.of(DE)), "admin");
        cp.putEgressPool(pool("eg-us-main", US, EgressKind.MAIN, Set.of(US_C)), "admin");
    }

    public static AccessTier tier(SubstitutionPolicy substitution, int sessionLimit, long byteLimit) {
        return new AccessTier(TIER, "Standard", Set.of(EU, US), Set.of(DE, NL, US_C), sessionLimit, byteLimit, true, substitution,
                List.of(new EgressRule(EgressRule.Kind.DOMAIN, "*.example.org")));
    }

    public static EgressPool pool(String id, RegionCode region, EgressKind kind, Set<CountryCode> exits) {
        return new EgressPool(EgressPoolId.of(id), ProviderId.of("static"), region, kind, exits, List.of(IpNetwork.parse("198.51.100.0/28")), 0.2, 0.8, true);
    }

    /** A random (not derived) public key: enough for the control plane, which never needs the private half. */
    public WireGuardKey randomKey() {
        byte[] b = new byte[32];
        synchronized (keyRandom) {
            keyRandom.nextBytes(b);
        }
        return WireGuardKey.ofBytes(b);
    }

    /** Provisions, registers and heartbeats a gateway with two front doors (T0 and T1); returns its gateway credential. */
    public String addGateway(String id, RegionCode region, String provider) {
        GatewayService.Provisioned p = cp.gateways().provision(GatewayId.of(id), id, region, ProviderId.of(provider), "admin");
        String credential = cp.gateways().register(p.token(), new GatewayRegistration(randomKey(), List.of(
                new GatewayRegistration.DeclaredFrontDoor(id + "-t0", new Endpoint("gw-" + id + ".example.net", 51820), TransportTier.T0, 10, Map.of()),
                new GatewayRegistration.DeclaredFrontDoor(id + "-t1", new Endpoint("gw-" + id + ".example.net", 443), TransportTier.T1, 20,
                        Map.of("jc", "4", "jmin", "40", "jmax", "70", "s1", "15", "s2", "68", "h1", "1234567", "h2", "2345678", "h3", "3456789", "h4", "4567890")))))
                .credential().orElseThrow();
        cp.gateways().heartbeat(credential, new HeartbeatMetrics(0.1, 0, 0, 0));
        return credential;
    }

    public MintedPass mint() {
        return cp.passes().mint(TIER, Duration.ofHours(1), "admin", "192.0.2." + (++clientCounter % 250));
    }

    public EnrollmentRequest request(String pass, WireGuardKey key) {
        return new EnrollmentRequest(pass, key.base64(), Optional.of("laptop"), Optional.of(EU), Optional.of(DE), false, "192.0.2.77");
    }

    public EnrollmentResult enroll() {
        return cp.enrollment().enroll(request(mint().secret(), randomKey()));
    }

    public static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }
}
