package dev.damm.core;

import dev.damm.core.internal.audit.AuditLog;
import dev.damm.core.enroll.EnrollmentService;
import dev.damm.core.enroll.InstallPassService;
import dev.damm.core.enroll.TrustAnchor;
import dev.damm.core.gateway.GatewayService;
import dev.damm.core.internal.ipam.AddressAllocator;
import dev.damm.core.ipam.AddressPlan;
import dev.damm.core.lifecycle.DeviceLifecycleService;
import dev.damm.core.metering.MeteringService;
import dev.damm.core.model.AccessTier;
import dev.damm.core.model.EgressPool;
import dev.damm.core.placement.FleetView;
import dev.damm.core.placement.PlacementSignals;
import dev.damm.core.placement.Placer;
import dev.damm.core.ratelimit.AdaptiveRateLimiter;
import dev.damm.core.ratelimit.BucketShape;
import dev.damm.core.ratelimit.LocalRateLimitBackend;
import dev.damm.core.ratelimit.RateLimitBackend;
import dev.damm.core.store.DammStore;
import dev.damm.spi.Require;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * The control plane's authority, wired from plain constructors: install passes, enrollment,
 * device lifecycle, gateway admission, metering and fleet administration over one
 * {@link DammStore}. Embed it directly, or let a DI container build it; it holds no state of its
 * own beyond caches, so several instances may share one durable store.
 *
 * <p>The score model and the publishers are not here: {@code dev.damm.core.loop.ControlLoop} owns
 * them and builds this plane from its builder, so placement follows the scores the catalogs are
 * ranked by. Run a plane without a loop only when nothing is scored or published.
 */
public final class ControlPlane {
    private final DammStore store;
    private final Clock clock;
    private final InstallPassService passes;
    private final EnrollmentService enrollment;
    private final DeviceLifecycleService devices;
    private final GatewayService gateways;
    private final MeteringService metering;
    private final FleetView fleet;
    private final AddressAllocator addresses;

    private ControlPlane(Builder b) {
        this.store = b.store;
        this.clock = b.clock;
        this.addresses = new AddressAllocator(b.addressPlan);
        this.fleet = new FleetView(b.store, b.clock, b.fleetSnapshotMaxAge, b.signals);
        RateLimitBackend backend = b.rateLimitBackend != null ? b.rateLimitBackend : new LocalRateLimitBackend(b.clock, 100_000);
        AdaptiveRateLimiter mint = new AdaptiveRateLimiter(backend, "mint", b.mintPerAddress, b.mintPerAddressInSurge, b.mintGlobal);
        AdaptiveRateLimiter enroll = new AdaptiveRateLimiter(backend, "enroll", b.enrollPerAddress, b.enrollPerAddressInSurge, b.enrollGlobal);
        Placer placer = new Placer(b.signals, b.heartbeatTtl, b.maxAlternates);
        this.passes = new InstallPassService(b.store, b.clock, b.random, mint);
        this.enrollment = new EnrollmentService(b.store, b.clock, b.random, placer, fleet, addresses, enroll, b.trustAnchor,
                b.networkDefaults, b.heartbeatTtl);
        this.devices = new DeviceLifecycleService(b.store, b.clock, addresses);
        this.gateways = new GatewayService(b.store, b.clock, b.random, b.addressPlan, fleet);
        this.metering = new MeteringService(b.store, b.clock);
    }

    public static Builder builder(DammStore store) {
        return new Builder(store);
    }

    public DammStore store() { return store; }
    public Clock clock() { return clock; }
    public InstallPassService passes() { return passes; }
    public EnrollmentService enrollment() { return enrollment; }
    public DeviceLifecycleService devices() { return devices; }
    public GatewayService gateways() { return gateways; }
    public MeteringService metering() { return metering; }
    public FleetView fleet() { return fleet; }

    /** Creates or replaces an access tier, audited. */
    public AccessTier putTier(AccessTier tier, String actor) {
        Require.nonNull("tier", tier);
        Require.text("actor", actor, 128);
        Instant now = clock.instant();
        return store.inTransaction(tx -> {
            var before = tx.accessTiers().find(tier.id());
            if (before.isPresent()) {
                tx.accessTiers().update(tier);
            } else {
                tx.accessTiers().insert(tier);
            }
            AuditLog.record(tx, now, actor, before.isPresent() ? "tier.update" : "tier.create", "tier:" + tier.id(),
                    before.map(AuditLog::snapshot).orElse(null), AuditLog.snapshot(tier));
            return tier;
        });
    }

    /** Creates or replaces an egress pool, audited. */
    public EgressPool putEgressPool(EgressPool pool, String actor) {
        Require.nonNull("pool", pool);
        Require.text("actor", actor, 128);
        Instant now = clock.instant();
        EgressPool p = store.inTransaction(tx -> {
            boolean exists = tx.egressPools().find(pool.id()).isPresent();
            if (exists) {
                tx.egressPools().update(pool);
            } else {
                tx.egressPools().insert(pool);
            }
            AuditLog.record(tx, now, actor, exists ? "egress.update" : "egress.create", "egress:" + pool.id(), null,
                    java.util.Map.of("region", pool.region().value(), "kind", pool.kind().name(), "enabled", pool.enabled()));
            return pool;
        });
        fleet.invalidate();
        return p;
    }

    /** Wires a {@link ControlPlane}; every setting has a production-sane default except the store. */
    /**
     * Records an action the core does not perform itself (an admin read, a key rotation, a page
     * sign-in) in the audit log, in a transaction of its own, at the plane's clock.
     */
    public void audit(String actor, String action, String target) {
        Require.text("actor", actor, 128);
        Require.text("action", action, 64);
        Require.text("target", target, 256);
        store.inTransaction(tx -> {
            AuditLog.record(tx, clock.instant(), actor, action, target, null, null);
            return null;
        });
    }

    public static final class Builder {
        private final DammStore store;
        private Clock clock = Clock.systemUTC();
        private RandomGenerator random = new SecureRandom();
        private AddressPlan addressPlan = AddressPlan.defaults();
        private PlacementSignals signals = PlacementSignals.NEUTRAL;
        private Duration heartbeatTtl = Duration.ofSeconds(90);
        private Duration fleetSnapshotMaxAge = Duration.ofSeconds(1);
        private int maxAlternates = 4;
        private RateLimitBackend rateLimitBackend;
        private BucketShape mintPerAddress = BucketShape.perHour(3);
        private BucketShape mintPerAddressInSurge = BucketShape.perHour(1);
        private BucketShape mintGlobal = BucketShape.perHour(1000);
        private BucketShape enrollPerAddress = BucketShape.perMinute(10);
        private BucketShape enrollPerAddressInSurge = BucketShape.perMinute(2);
        private BucketShape enrollGlobal = BucketShape.perMinute(100_000);
        private Supplier<TrustAnchor> trustAnchor;
        private EnrollmentService.NetworkDefaults networkDefaults = EnrollmentService.NetworkDefaults.fullTunnel();

        private Builder(DammStore store) {
            this.store = Objects.requireNonNull(store, "store");
        }

        public Builder clock(Clock v) { this.clock = Require.nonNull("clock", v); return this; }
        /** Secrets come from here: pass a {@link SecureRandom} in production, a seeded generator in tests. */
        public Builder random(RandomGenerator v) { this.random = Require.nonNull("random", v); return this; }
        public Builder addressPlan(AddressPlan v) { this.addressPlan = Require.nonNull("addressPlan", v); return this; }
        public Builder signals(PlacementSignals v) { this.signals = Require.nonNull("signals", v); return this; }
        public Builder heartbeatTtl(Duration v) { this.heartbeatTtl = Require.nonNull("heartbeatTtl", v); return this; }
        public Builder fleetSnapshotMaxAge(Duration v) { this.fleetSnapshotMaxAge = Require.nonNull("fleetSnapshotMaxAge", v); return this; }
        public Builder maxAlternates(int v) { this.maxAlternates = v; return this; }
        /** Where rate-limit buckets live; default in this process. Use a shared backend for several servers. */
        public Builder rateLimitBackend(RateLimitBackend v) { this.rateLimitBackend = v; return this; }
        public Builder mintLimits(BucketShape perAddress, BucketShape perAddressInSurge, BucketShape global) {
            this.mintPerAddress = perAddress; this.mintPerAddressInSurge = perAddressInSurge; this.mintGlobal = global; return this;
        }
        public Builder enrollLimits(BucketShape perAddress, BucketShape perAddressInSurge, BucketShape global) {
            this.enrollPerAddress = perAddress; this.enrollPerAddressInSurge = perAddressInSurge; this.enrollGlobal = global; return this;
        }
        /** The catalog trust root handed to every enrolling device. Required. */
        public Builder trustAnchor(Supplier<TrustAnchor> v) { this.trustAnchor = Require.nonNull("trustAnchor", v); return this; }
        public Builder networkDefaults(EnrollmentService.NetworkDefaults v) { this.networkDefaults = Require.nonNull("networkDefaults", v); return this; }

        public ControlPlane build() {
            Require.nonNull("trustAnchor", trustAnchor);
            return new ControlPlane(this);
        }
    }
}
