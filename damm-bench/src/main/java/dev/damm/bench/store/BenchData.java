package dev.damm.bench.store;

import dev.damm.core.model.AccessTier;
import dev.damm.core.model.AccessTierId;
import dev.damm.core.model.Device;
import dev.damm.core.model.DeviceId;
import dev.damm.core.model.EgressKind;
import dev.damm.core.model.EgressPool;
import dev.damm.core.model.EgressPoolId;
import dev.damm.core.model.FrontDoor;
import dev.damm.core.model.FrontDoorId;
import dev.damm.core.model.Gateway;
import dev.damm.core.model.GatewayId;
import dev.damm.core.model.GatewayStatus;
import dev.damm.core.model.SubstitutionPolicy;
import dev.damm.core.store.AuditEvent;
import dev.damm.core.store.DammStore;
import dev.damm.core.store.InstallPass;
import dev.damm.core.store.StoreTransaction;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.net.CountryCode;
import dev.damm.spi.net.Endpoint;
import dev.damm.spi.net.IpNetwork;
import dev.damm.spi.net.RegionCode;
import dev.damm.spi.transport.TransportTier;
import dev.damm.spi.wireguard.WireGuardKey;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Data and the enrollment transaction for the store benchmarks: the same store-level steps as
 * the enrollment service (redeem pass, read tier, lease lowest free address, insert device,
 * audit), without placement or config rendering.
 */
final class BenchData {
    static final RegionCode REGION = RegionCode.of("eu-central");
    static final AccessTierId TIER = AccessTierId.of("bench");
    static final GatewayId GATEWAY = GatewayId.of("gw-bench");
    static final EgressPoolId EGRESS = EgressPoolId.of("egress-bench");
    static final IpNetwork NETWORK = IpNetwork.parse("10.0.0.0/8");
    static final String POOL = "gw-bench/v4";
    static final long FIRST = 2;
    static final long LAST = (1L << 24) - 2;
    static final Duration QUARANTINE = Duration.ofHours(1);

    private BenchData() {}

    static byte[] bytes32(String purpose, long n) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(purpose.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return sha.digest(ByteBuffer.allocate(8).putLong(n).array());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static WireGuardKey key(long n) {
        return WireGuardKey.ofBytes(bytes32("key", n));
    }

    static DeviceId deviceId(long n) {
        return DeviceId.of("dev-" + n);
    }

    static Device device(long n, long offset, Instant now) {
        return new Device.Builder(deviceId(n))
                .name("bench device " + n)
                .publicKey(key(n))
                .tunnelAddresses(List.of(IpNetwork.host(NETWORK.addressAt(BigInteger.valueOf(offset)))))
                .gatewayId(GATEWAY)
                .frontDoorId(FrontDoorId.of("gw-bench-udp"))
                .egressPoolId(EGRESS)
                .tierId(TIER)
                .region(REGION)
                .exitCountry(CountryCode.of("DE"))
                .credentialHash(bytes32("credential", n))
                .trustRootVersion(1)
                .createdAt(now)
                .updatedAt(now)
                .build();
    }

    static InstallPass pass(long n, Instant now) {
        return new InstallPass("pass-" + n, bytes32("pass", n), TIER, now, now.plus(Duration.ofDays(7)), "bench", Optional.empty(),
                Optional.empty());
    }

    static void seedFleet(DammStore store, Instant now) {
        store.inTransaction(tx -> {
            tx.accessTiers().insert(new AccessTier(TIER, "Bench", Set.of(REGION), Set.of(CountryCode.of("DE")), 100_000_000, 0, true,
                    SubstitutionPolicy.STRICT, List.of()));
            tx.egressPools().insert(new EgressPool(EGRESS, "static", REGION, EgressKind.MAIN, Set.of(CountryCode.of("DE")),
                    List.of(IpNetwork.parse("198.51.100.0/29")), 0.1, 0.9, true));
            tx.gateways().insert(Gateway.builder(GATEWAY).region(REGION).status(GatewayStatus.ACTIVE).publicKey(key(-1))
                    .frontDoors(List.of(FrontDoor.of(FrontDoorId.of("gw-bench-udp"), GATEWAY, Endpoint.parse("203.0.113.1:51820"),
                            TransportTier.T0, 10)))
                    .tunnelAddresses(List.of(IpNetwork.parse("10.0.0.1/8"))).tokenHash(bytes32("token", 0)).registeredAt(now)
                    .lastHeartbeatAt(now).build());
            return null;
        });
    }

    /** The enrollment transaction: redeem, read tier, lease, insert, audit. */
    static Device enroll(StoreTransaction tx, byte[] secretHash, long n, Instant now) {
        InstallPass pass = tx.installPasses().findBySecretHash(secretHash)
                .orElseThrow(() -> new DammException(ErrorCode.INSTALL_PASS_INVALID, "installPass: unknown"));
        if (pass.isUsed() || !now.isBefore(pass.expiresAt())) {
            throw new DammException(ErrorCode.INSTALL_PASS_INVALID, "installPass: used or expired");
        }
        DeviceId id = deviceId(n);
        if (!tx.installPasses().markUsed(pass.id(), id, now)) {
            throw new DammException(ErrorCode.INSTALL_PASS_INVALID, "installPass: used");
        }
        AccessTier tier = tx.accessTiers().find(pass.tierId())
                .orElseThrow(() -> new DammException(ErrorCode.POLICY_DENIED, "tier: not found"));
        if (!tier.active()) {
            throw new DammException(ErrorCode.POLICY_DENIED, "tier: retired");
        }
        Instant reusableBefore = now.minus(QUARANTINE);
        long from = FIRST;
        while (true) {
            OptionalLong free = tx.addressLeases().lowestFreeOffset(POOL, from, LAST, reusableBefore);
            if (free.isEmpty()) {
                throw new DammException(ErrorCode.ADDRESS_POOL_EXHAUSTED, "address: pool full");
            }
            if (tx.addressLeases().claim(POOL, free.getAsLong(), id, now, reusableBefore)) {
                Device d = device(n, free.getAsLong(), now);
                tx.devices().insert(d);
                tx.audit().append(new AuditEvent(0, now, "enrollment", "device.enroll", "device:" + id, Optional.empty(), Optional.empty()));
                return d;
            }
            from = free.getAsLong() + 1;
        }
    }

    /** Percentile of sorted nanosecond samples, in microseconds. */
    static double percentileMicros(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int idx = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
        return sorted[Math.max(0, idx)] / 1_000.0;
    }

    static long[] sorted(long[] samples, int count) {
        long[] s = Arrays.copyOf(samples, count);
        Arrays.sort(s);
        return s;
    }
}
