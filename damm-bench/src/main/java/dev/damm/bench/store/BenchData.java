package dev.damm.bench.store;

import dev.damm.spi.provider.ProviderId;
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
import dev.damm.core.store.AddressClaim;
import dev.damm.core.store.AuditEvent;
import dev.damm.core.store.EnrollmentLookup;
import dev.damm.core.store.EnrollmentOutcome;
import dev.damm.core.store.EnrollmentWrite;
import dev.damm.core.store.DammStore;
import dev.damm.core.store.InstallPass;
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
import java.util.Set;

/**
 * Data and the store-level enrollment for the store benchmarks: the same store steps as the
 * enrollment service (lookup; then redeem pass, lease address, insert device, count, audit in one
 * atomic write), without placement or config rendering.
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
            tx.egressPools().insert(new EgressPool(EGRESS, ProviderId.of("static"), REGION, EgressKind.MAIN, Set.of(CountryCode.of("DE")),
                    List.of(IpNetwork.parse("198.51.100.0/29")), 0.1, 0.9, true));
            tx.gateways().insert(Gateway.builder(GATEWAY).region(REGION).status(GatewayStatus.ACTIVE).publicKey(key(-1))
                    .frontDoors(List.of(FrontDoor.of(FrontDoorId.of("gw-bench-udp"), GATEWAY, Endpoint.parse("203.0.113.1:51820"),
                            TransportTier.T0, 10)))
                    .tunnelAddresses(List.of(IpNetwork.parse("10.0.0.1/8"))).tokenHash(bytes32("token", 0)).registeredAt(now)
                    .lastHeartbeatAt(now).build());
            return null;
        });
    }

    /**
     * The store's enrollment steps without the service around them: the lookup, then the atomic
     * write of device {@code n} at {@code offset} (redeem, lease, insert, count, audit).
     */
    static Device enroll(DammStore store, byte[] secretHash, long n, long offset, Instant now) {
        EnrollmentLookup found = store.lookupEnrollment(secretHash, key(n));
        if (found.pass().isEmpty() || found.tier().isEmpty() || found.publicKeyTaken()) {
            throw new DammException(ErrorCode.INSTALL_PASS_INVALID, "installPass: unknown");
        }
        Device d = device(n, offset, now);
        EnrollmentOutcome outcome = store.enroll(new EnrollmentWrite(d, secretHash, List.of(new AddressClaim(POOL, offset)),
                now.minus(QUARANTINE), Duration.ofDays(1), AuditEvent.of(now, "enrollment", "device.enroll", "device:" + d.id(), null, null)));
        if (!(outcome instanceof EnrollmentOutcome.Enrolled)) {
            throw new DammException(ErrorCode.CONFLICT, "enrollment: " + outcome);
        }
        return d;
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
