package dev.damm.core.enroll;
import dev.damm.core.internal.enroll.DeviceCredentials;

import dev.damm.core.internal.audit.AuditLog;
import dev.damm.core.internal.ipam.AddressAllocator;
import dev.damm.core.internal.ipam.AddressReservation;
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
import dev.damm.core.store.AuditEvent;
import dev.damm.core.store.EnrollmentLookup;
import dev.damm.core.store.EnrollmentOutcome;
import dev.damm.core.store.EnrollmentWrite;
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
 * picks its addresses and stores it with one atomic store write ({@link DammStore#enroll}) that
 * re-checks every rule, so a failure at any step leaves nothing behind and the pass unused.
 *
 * <p>The device sends only its public key; anything that looks like private key material is
 * refused. Thread-safe; concurrency safety (one use per pass, distinct addresses) comes from the
 * store's guarantees, not from locks here.
 */
public final class EnrollmentService {
    /** Device credentials start with this prefix. */
    public static final String CREDENTIAL_PREFIX = "dc_";
    /** Writes refused because a concurrent enrollment took a candidate address, before giving up. */
    private static final int MAX_ADDRESS_ATTEMPTS = 16;

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
        // Two store round trips: this read, then one atomic write that re-checks every rule (a
        // value that changed in between surfaces as that write's outcome). The checks here come
        // first so that the error names the first rule broken, in EnrollmentWrite's order.
        EnrollmentLookup lookup = store.lookupEnrollment(passHash, publicKey);
        InstallPass pass = lookup.pass()
                .filter(p -> Secrets.constantTimeEquals(p.secretHash(), passHash))
                .orElseThrow(() -> new DammException(ErrorCode.INSTALL_PASS_INVALID, "installPass: unknown"));
        if (pass.isUsed()) {
            throw passUsed();
        }
        if (!now.isBefore(pass.expiresAt())) {
            throw passExpired(pass.expiresAt());
        }
        AccessTier tier = lookup.tier().orElseThrow(() -> tierMissing(pass.tierId()));
        if (tier.active() && lookup.activeDevices() >= tier.sessionLimit()) {
            throw sessionLimit(tier.id(), tier.sessionLimit());
        }
        if (lookup.publicKeyTaken()) {
            throw keyTaken();
        }
        Placement placement = placer.place(new PlacementRequest(tier, req.region(), req.exitCountry(), req.quarantineSession()),
                fleet.snapshot(), now);
        if (placement instanceof Placement.Unplaceable u) {
            throw new DammException(u.code(), u.detail());
        }
        Placement.Placed placed = (Placement.Placed) placement;
        Gateway gateway = placed.gateway();
        Device.Builder template = new Device.Builder(deviceId)
                .name(req.name().orElse(deviceId.value()))
                .publicKey(publicKey)
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
                .updatedAt(now);
        Instant reusableBefore = now.minus(addresses.plan().quarantine());
        for (int attempt = 0; attempt < MAX_ADDRESS_ATTEMPTS; attempt++) {
            AddressReservation reservation;
            try {
                reservation = addresses.reserve(store, now);
            } catch (DammException e) {
                if (e.errorCode() == ErrorCode.ADDRESS_POOL_EXHAUSTED) {
                    // The gateway is checked before the pool in the write; keep that order here.
                    confirmGateway(gateway.id(), now);
                }
                throw e;
            }
            // Closed whatever the write does: a failed write's offsets go to the next enrollment.
            try (reservation) {
                List<IpNetwork> tunnel = reservation.addresses();
                Device device = template.tunnelAddresses(tunnel).build();
                AuditEvent audit = AuditLog.event(now, "pass:" + pass.id(), "device.enroll", "device:" + deviceId, null, AuditLog.snapshot(device));
                EnrollmentOutcome outcome;
                try {
                    outcome = store.enroll(new EnrollmentWrite(device, passHash, reservation.claims(), reusableBefore, heartbeatTtl, audit));
                } catch (DammException e) {
                    if (e.errorCode() == ErrorCode.CONFLICT && e.retryable()) {
                        reservation.markTaken();
                        continue; // a concurrent enrollment took a candidate between check and claim
                    }
                    throw e;
                }
                if (outcome instanceof EnrollmentOutcome.Enrolled) {
                    reservation.markTaken();
                    List<PeerMaterial.Alternate> alternates = new ArrayList<>();
                    for (Placement.Alternate a : placed.alternates()) {
                        alternates.add(new PeerMaterial.Alternate(a.gateway().publicKey().orElseThrow(), a.frontDoor()));
                    }
                    PeerMaterial peer = new PeerMaterial(gateway.publicKey().orElseThrow(), placed.frontDoor(), alternates, tunnel,
                            network.allowedIps(), network.dns(), network.persistentKeepalive());
                    return new EnrollmentResult(device, credential, peer, anchor, placed.reasons(), placed.substituted());
                }
                if (outcome instanceof EnrollmentOutcome.AddressTaken) {
                    reservation.markTaken(); // taken by someone else meanwhile: not ours to give back
                    continue;
                }
                throw refusal(outcome, pass, tier, gateway);
            }
        }
        throw DammException.retryable(ErrorCode.CONFLICT, "addressPool: contended; retry", null);
    }

    /** The error for a write refused by a rule that changed since the lookup (same codes and messages as the lookup's checks). */
    private DammException refusal(EnrollmentOutcome outcome, InstallPass pass, AccessTier tier, Gateway gateway) {
        if (outcome instanceof EnrollmentOutcome.PassUnknown) {
            return new DammException(ErrorCode.INSTALL_PASS_INVALID, "installPass: unknown");
        }
        if (outcome instanceof EnrollmentOutcome.PassUsed) {
            return passUsed();
        }
        if (outcome instanceof EnrollmentOutcome.PassExpired e) {
            return passExpired(e.expiresAt());
        }
        if (outcome instanceof EnrollmentOutcome.TierMissing) {
            return tierMissing(pass.tierId());
        }
        if (outcome instanceof EnrollmentOutcome.SessionLimitReached s) {
            return sessionLimit(tier.id(), s.sessionLimit());
        }
        if (outcome instanceof EnrollmentOutcome.PublicKeyTaken) {
            return keyTaken();
        }
        if (outcome instanceof EnrollmentOutcome.GatewayUnavailable) {
            return gatewayGone(gateway.id());
        }
        return new DammException(ErrorCode.INTERNAL, "store: unexpected enrollment outcome " + outcome);
    }

    /** The placement's snapshot may be a moment old: fails as the write would if the gateway stopped taking devices. */
    private void confirmGateway(dev.damm.core.model.GatewayId id, Instant now) {
        boolean accepts = store.inTransaction(tx -> tx.gateways().find(id).filter(g -> g.acceptsPlacements(now, heartbeatTtl)).isPresent());
        if (!accepts) {
            throw gatewayGone(id);
        }
    }

    private DammException gatewayGone(dev.damm.core.model.GatewayId id) {
        fleet.invalidate();
        return DammException.retryable(ErrorCode.NO_HEALTHY_GATEWAY, "gateway: " + id + " stopped taking devices during enrollment; retry", null);
    }

    private static DammException passUsed() {
        return new DammException(ErrorCode.INSTALL_PASS_INVALID, "installPass: already used");
    }

    private static DammException passExpired(Instant expiresAt) {
        return new DammException(ErrorCode.INSTALL_PASS_INVALID, "installPass: expired at " + expiresAt);
    }

    private static DammException tierMissing(dev.damm.core.model.AccessTierId tier) {
        return new DammException(ErrorCode.POLICY_DENIED, "tierId: " + tier + " no longer exists");
    }

    private static DammException sessionLimit(dev.damm.core.model.AccessTierId tier, int limit) {
        return new DammException(ErrorCode.SESSION_LIMIT_REACHED, "tierId: " + tier + " already has its limit of " + limit + " active devices");
    }

    private static DammException keyTaken() {
        return new DammException(ErrorCode.CONFLICT, "publicKey: already enrolled; rotate keys with the device credential instead");
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
