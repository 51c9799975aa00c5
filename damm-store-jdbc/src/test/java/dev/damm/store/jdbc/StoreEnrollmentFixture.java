package dev.damm.store.jdbc;

import dev.damm.core.model.AccessTier;
import dev.damm.core.model.Device;
import dev.damm.core.model.DeviceId;
import dev.damm.core.store.AuditEvent;
import dev.damm.core.store.DammStore;
import dev.damm.core.store.InstallPass;
import dev.damm.core.store.StoreFixtures;
import dev.damm.core.store.StoreTransaction;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.net.IpNetwork;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The store-level steps of an enrollment, as one transaction: redeem the pass, check the tier,
 * lease the lowest free tunnel address, insert the device, audit. It stands in for the core's
 * enrollment service so these tests exercise exactly the store's guarantees (single-use pass,
 * one address per device) under concurrency and crashes; placement and config rendering are
 * not the store's concern.
 */
public final class StoreEnrollmentFixture {
    /** The tunnel network devices get addresses from; offsets 0, 1 and the broadcast are not handed out. */
    public static final IpNetwork NETWORK = IpNetwork.parse("10.44.0.0/16");
    public static final String POOL = "gw-1/v4";
    public static final long FIRST = 2;
    public static final long LAST = (1L << 16) - 2;
    public static final Duration QUARANTINE = Duration.ofHours(1);

    private StoreEnrollmentFixture() {}

    /** Inserts the tier, gateway and egress pool enrollments refer to (once per database). */
    public static void seed(DammStore store) {
        store.inTransaction(tx -> {
            if (tx.accessTiers().find(StoreFixtures.TIER).isEmpty()) {
                tx.accessTiers().insert(StoreFixtures.tier(StoreFixtures.TIER.value()));
                tx.gateways().insert(StoreFixtures.gateway(1));
                tx.egressPools().insert(StoreFixtures.egressPool(StoreFixtures.POOL.value()));
            }
            return null;
        });
    }

    /** Mints pass {@code n}, valid for a day from {@code StoreFixtures.T0}, in its own transaction. */
    public static InstallPass mintPass(DammStore store, long n) {
        return mintPass(store, n, StoreFixtures.T0);
    }

    /** Mints pass {@code n}, valid for a day from {@code now}, in its own transaction. */
    public static InstallPass mintPass(DammStore store, long n, Instant now) {
        InstallPass template = StoreFixtures.pass(n);
        InstallPass p = new InstallPass(template.id(), template.secretHash(), template.tierId(), now, now.plus(Duration.ofDays(1)),
                template.createdBy(), Optional.empty(), Optional.empty());
        store.inTransaction(tx -> {
            tx.installPasses().insert(p);
            return null;
        });
        return p;
    }

    /** Inserts many passes in one transaction (benchmark seeding). */
    public static void mintPasses(DammStore store, long from, long count) {
        store.inTransaction(tx -> {
            for (long n = from; n < from + count; n++) {
                tx.installPasses().insert(StoreFixtures.pass(n));
            }
            return null;
        });
    }

    /**
     * Enrolls device {@code n} with the pass whose secret hashes to {@code secretHash}.
     * INSTALL_PASS_INVALID when the pass is unknown, expired or used; ADDRESS_POOL_EXHAUSTED when
     * no address is free.
     */
    public static Device enroll(DammStore store, byte[] secretHash, long n, Instant now) {
        return store.inTransaction(tx -> enroll(tx, secretHash, n, now));
    }

    public static Device enroll(StoreTransaction tx, byte[] secretHash, long n, Instant now) {
        InstallPass pass = tx.installPasses().findBySecretHash(secretHash)
                .orElseThrow(() -> new DammException(ErrorCode.INSTALL_PASS_INVALID, "installPass: unknown"));
        if (pass.isUsed() || !now.isBefore(pass.expiresAt())) {
            throw new DammException(ErrorCode.INSTALL_PASS_INVALID, "installPass: used or expired");
        }
        DeviceId id = DeviceId.of("dev-" + n);
        // Redeem first: the conditional update makes racing redemptions of one pass queue here,
        // and all but the first find it used.
        if (!tx.installPasses().markUsed(pass.id(), id, now)) {
            throw new DammException(ErrorCode.INSTALL_PASS_INVALID, "installPass: used");
        }
        AccessTier tier = tx.accessTiers().find(pass.tierId())
                .orElseThrow(() -> new DammException(ErrorCode.POLICY_DENIED, "tier: " + pass.tierId() + " not found"));
        if (!tier.active()) {
            throw new DammException(ErrorCode.POLICY_DENIED, "tier: retired");
        }
        long offset = leaseAddress(tx, id, now);
        Device d = StoreFixtures.device(n).toBuilder()
                .tunnelAddresses(List.of(IpNetwork.host(NETWORK.addressAt(BigInteger.valueOf(offset)))))
                .createdAt(now)
                .updatedAt(now)
                .build();
        tx.devices().insert(d);
        tx.audit().append(new AuditEvent(0, now, "enrollment", "device.enroll", "device:" + id, Optional.empty(),
                Optional.of("{\"address\":\"" + d.tunnelAddresses().get(0) + "\"}")));
        return d;
    }

    private static long leaseAddress(StoreTransaction tx, DeviceId id, Instant now) {
        Instant reusableBefore = now.minus(QUARANTINE);
        long from = FIRST;
        for (int attempt = 0; attempt < 1_000; attempt++) {
            OptionalLong free = tx.addressLeases().lowestFreeOffset(POOL, from, LAST, reusableBefore);
            if (free.isEmpty()) {
                throw new DammException(ErrorCode.ADDRESS_POOL_EXHAUSTED, "address: pool " + POOL + " is full");
            }
            if (tx.addressLeases().claim(POOL, free.getAsLong(), id, now, reusableBefore)) {
                return free.getAsLong();
            }
            from = free.getAsLong() + 1;
        }
        throw new DammException(ErrorCode.ADDRESS_POOL_EXHAUSTED, "address: no offset could be claimed in " + POOL);
    }

    /** The pool offset of a device's tunnel address. */
    public static long offsetOf(Device d) {
        return NETWORK.offsetOf(d.tunnelAddresses().get(0).address()).longValueExact();
    }
}
