package dev.damm.core.enroll;

import dev.damm.core.audit.AuditLog;
import dev.damm.core.ipam.AddressAllocator;
import dev.damm.core.model.AccessTier;
import dev.damm.core.model.Device;
import dev.damm.core.model.DeviceId;
import dev.damm.core.model.DeviceState;
import dev.damm.core.model.Gateway;
import dev.damm.core.placement.FleetView;
import dev.damm.core.placement.Placement;
import dev.damm.core.placement.PlacementRequest;
import dev.damm.core.placement.Placer;
import dev.damm.core.ratelimit.AdaptiveRateLimiter;
import dev.damm.core.ratelimit.RateDecision;
import dev.damm.core.store.DammStore;
import dev.damm.core.store.InstallPass;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.Require;
import dev.damm.spi.net.IpNetwork;
import dev.damm.spi.wireguard.WireGuardKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Enrolls devices: validates the install pass, resolves the tier's policy, places the device,
 * allocates its addresses and stores it, all in one transaction, so a failure at any step leaves
 * nothing behind and the pass unused.
 *
 * <p>The device sends only its public key; anything that looks like private key material is
 * refused. Thread-safe; concurrency safety (one use per pass, distinct addresses) comes from the
 * store's guarantees, not from locks here.
 */
public final class EnrollmentService {
    /** Device credentials start with this prefix. */
    public static final String CREDENTIAL_PREFIX = "dc_";

    private final DammStore store;
    private final Clock clock;
    private final RandomGenerator random;
    private final Placer placer;
    private final FleetView fleet;
    private final AddressAllocator addresses;
    private final AdaptiveRateLimiter enrollLimiter;
    private final Supplier<TrustAnchor> trustAnchor;
    private final NetworkDefaults network;
    private final Duration heartbeatTtl;

    /**
     * What every device's config gets: routes, DNS and keepalive.
     *
     * @param allowedIps routed through the tunnel; default everything
     */
    public record NetworkDefaults(List<IpNetwork> allowedIps, List<String> dns, int persistentKeepalive) {
        public NetworkDefaults {
            allowedIps = List.copyOf(Require.elements("allowedIps", allowedIps, 64));
            dns = List.copyOf(Require.elements("dns", dns, 8));
            Require.range("persistentKeepalive", persistentKeepalive, 0, 65535);
        }

        public static NetworkDefaults fullTunnel() {
            return new NetworkDefaults(List.of(IpNetwork.parse("0.0.0.0/0"), IpNetwork.parse("::/0")), List.of("10.44.0.1"), 25);
        }
    }

    public EnrollmentService(DammStore store, Clock clock, RandomGenerator random, Placer placer, FleetView fleet,
            AddressAllocator addresses, AdaptiveRateLimiter enrollLimiter, Supplier<TrustAnchor> trustAnchor,
            NetworkDefaults network, Duration heartbeatTtl) {
        this.store = store;
        this.clock = clock;
        this.random = random;
        this.placer = placer;
        this.fleet = fleet;
        this.addresses = addresses;
        this.enrollLimiter = enrollLimiter;
        this.trustAnchor = trustAnchor;
        this.network = network;
        this.heartbeatTtl = heartbeatTtl;
    }

    /** Enrolls one device; every failure is a {@link DammException} with a stable code. */
    public EnrollmentResult enroll(EnrollmentRequest req) {
        Require.nonNull("request", req);
        RateDecision decision = enrollLimiter.tryAcquire(req.clientAddress());
        if (decision instanceof RateDecision.Limited limited) {
            throw DammException.retryable(ErrorCode.RATE_LIMITED, "clientAddress: too many enrollments; retry in "
                    + Math.max(1, limited.retryAfter().toSeconds()) + " s", limited.retryAfter());
        }
        WireGuardKey publicKey = WireGuardKey.parse("publicKey", req.publicKey());
        String passSecret = Secrets.checkShape("installPass", req.installPass(), InstallPassService.PREFIX, ErrorCode.INSTALL_PASS_INVALID);
        byte[] passHash = Secrets.hash(passSecret);
        String credential = Secrets.newSecret(random, CREDENTIAL_PREFIX);
        DeviceId deviceId = DeviceId.of(Secrets.newId(random, "dev_"));
        TrustAnchor anchor = trustAnchor.get();

        Instant now = clock.instant();
        return store.inTransaction(tx -> {
            InstallPass pass = tx.installPasses().findBySecretHash(passHash)
                    .filter(p -> Secrets.constantTimeEquals(p.secretHash(), passHash))
                    .orElseThrow(() -> new DammException(ErrorCode.INSTALL_PASS_INVALID, "installPass: unknown"));
            if (pass.isUsed()) {
                throw new DammException(ErrorCode.INSTALL_PASS_INVALID, "installPass: already used");
            }
            if (!now.isBefore(pass.expiresAt())) {
                throw new DammException(ErrorCode.INSTALL_PASS_INVALID, "installPass: expired at " + pass.expiresAt());
            }
            // Claim the pass first: a concurrent enrollment with the same pass stops here.
            if (!tx.installPasses().markUsed(pass.id(), deviceId, now)) {
                throw new DammException(ErrorCode.INSTALL_PASS_INVALID, "installPass: already used");
            }
            AccessTier tier = tx.accessTiers().find(pass.tierId())
                    .orElseThrow(() -> new DammException(ErrorCode.POLICY_DENIED, "tierId: " + pass.tierId() + " no longer exists"));
            if (tier.active() && tx.devices().countByTier(tier.id(), DeviceState.ACTIVE) >= tier.sessionLimit()) {
                throw new DammException(ErrorCode.SESSION_LIMIT_REACHED,
                        "tierId: " + tier.id() + " already has its limit of " + tier.sessionLimit() + " active devices");
            }
            if (tx.devices().findByPublicKey(publicKey).isPresent()) {
                throw new DammException(ErrorCode.CONFLICT, "publicKey: already enrolled; rotate keys with the device credential instead");
            }
            Placement placement = placer.place(new PlacementRequest(tier, req.region(), req.exitCountry(), req.quarantineSession()),
                    fleet.snapshot(), now);
            if (placement instanceof Placement.Unplaceable u) {
                throw new DammException(u.code(), u.detail());
            }
            Placement.Placed placed = (Placement.Placed) placement;
            // The snapshot may be a moment old: confirm the gateway still takes devices.
            Gateway gateway = tx.gateways().find(placed.gateway().id())
                    .filter(g -> g.acceptsPlacements(now, heartbeatTtl))
                    .orElseThrow(() -> {
                        fleet.invalidate();
                        return DammException.retryable(ErrorCode.NO_HEALTHY_GATEWAY,
                                "gateway: " + placed.gateway().id() + " stopped taking devices during enrollment; retry", null);
                    });
            List<IpNetwork> tunnel = addresses.allocate(tx.addressLeases(), deviceId, now);
            Device device = new Device.Builder(deviceId)
                    .name(req.name().orElse(deviceId.value()))
                    .publicKey(publicKey)
                    .tunnelAddresses(tunnel)
                    .gatewayId(gateway.id())
                    .frontDoorId(placed.frontDoor().id())
                    .egressPoolId(placed.egress().id())
                    .quarantineEgressPoolId(placed.quarantineEgress().map(p -> p.id()).orElse(null))
                    .tierId(tier.id())
                    .region(gateway.region())
                    .exitCountry(req.exitCountry().filter(placed.egress()::servesExit)
                            .orElseGet(() -> placed.egress().exitCountries().stream()
                                    .filter(tier.allowedExitCountries()::contains).findFirst()
                                    .orElse(placed.egress().exitCountries().iterator().next())))
                    .state(DeviceState.ACTIVE, null)
                    .credentialHash(Secrets.hash(credential))
                    .trustRootVersion(anchor.rootVersion())
                    .createdAt(now)
                    .updatedAt(now)
                    .build();
            tx.devices().insert(device);
            AuditLog.record(tx, now, "pass:" + pass.id(), "device.enroll", "device:" + deviceId, null, AuditLog.snapshot(device));
            List<PeerMaterial.Alternate> alternates = new ArrayList<>();
            for (Placement.Alternate a : placed.alternates()) {
                alternates.add(new PeerMaterial.Alternate(a.gateway().publicKey().orElseThrow(), a.frontDoor()));
            }
            PeerMaterial peer = new PeerMaterial(gateway.publicKey().orElseThrow(), placed.frontDoor(), alternates, tunnel,
                    network.allowedIps(), network.dns(), network.persistentKeepalive());
            return new EnrollmentResult(device, credential, peer, anchor, placed.reasons(), placed.substituted());
        });
    }

    /**
     * Re-issues a device's peer material (never a private key: the device still holds its own).
     * Suspended and revoked devices get their typed error instead.
     */
    public PeerMaterial reissue(String credential) {
        return store.inTransaction(tx -> {
            Device d = DeviceCredentials.authenticate(tx, credential);
            if (d.state() == DeviceState.SUSPENDED) {
                boolean quota = d.suspension().orElse(null) == dev.damm.core.model.SuspensionReason.OVER_QUOTA;
                throw new DammException(quota ? ErrorCode.DEVICE_OVER_QUOTA : ErrorCode.DEVICE_SUSPENDED,
                        "device: " + d.id() + " is suspended (" + d.suspension().map(Enum::name).orElse("?") + ")");
            }
            Gateway g = tx.gateways().find(d.gatewayId())
                    .orElseThrow(() -> new DammException(ErrorCode.NO_HEALTHY_GATEWAY, "gateway: " + d.gatewayId() + " no longer exists"));
            dev.damm.core.model.FrontDoor primary = g.frontDoor(d.frontDoorId()).filter(dev.damm.core.model.FrontDoor::isPublished)
                    .orElseGet(() -> g.frontDoors().stream().filter(dev.damm.core.model.FrontDoor::isPublished).findFirst()
                            .orElseThrow(() -> new DammException(ErrorCode.NO_ALTERNATE_FRONT_DOOR, "gateway: " + g.id() + " has no published front door")));
            List<PeerMaterial.Alternate> alternates = g.frontDoors().stream()
                    .filter(f -> f.isPublished() && !f.id().equals(primary.id()))
                    .sorted(java.util.Comparator.comparingInt(dev.damm.core.model.FrontDoor::priority).thenComparing(dev.damm.core.model.FrontDoor::id))
                    .map(f -> new PeerMaterial.Alternate(g.publicKey().orElseThrow(), f)).toList();
            return new PeerMaterial(g.publicKey().orElseThrow(), primary, alternates, d.tunnelAddresses(),
                    network.allowedIps(), network.dns(), network.persistentKeepalive());
        });
    }
}
