package dev.damm.core.store;

import dev.damm.spi.provider.ProviderId;
import dev.damm.core.model.AccessTier;
import dev.damm.core.model.AccessTierId;
import dev.damm.core.model.Device;
import dev.damm.core.model.DeviceId;
import dev.damm.core.model.DeviceState;
import dev.damm.core.model.EgressKind;
import dev.damm.core.model.EgressPool;
import dev.damm.core.model.EgressPoolId;
import dev.damm.core.model.EgressRule;
import dev.damm.core.model.FrontDoor;
import dev.damm.core.model.FrontDoorId;
import dev.damm.core.model.FrontDoorState;
import dev.damm.core.model.Gateway;
import dev.damm.core.model.GatewayId;
import dev.damm.core.model.GatewayStatus;
import dev.damm.core.model.HeartbeatMetrics;
import dev.damm.core.model.SubstitutionPolicy;
import dev.damm.spi.net.CountryCode;
import dev.damm.spi.net.Endpoint;
import dev.damm.spi.net.IpNetwork;
import dev.damm.spi.net.RegionCode;
import dev.damm.spi.transport.TransportTier;
import dev.damm.spi.wireguard.WireGuardKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Test data for store tests: valid aggregates whose unique fields derive from a number, so two
 * calls with different numbers never clash and two with the same number always do. Instants are
 * whole microseconds, the precision every store keeps.
 */
public final class StoreFixtures {
    public static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");
    public static final RegionCode REGION = RegionCode.of("eu-central");
    public static final AccessTierId TIER = AccessTierId.of("early");
    public static final GatewayId GATEWAY = GatewayId.of("gw-1");
    public static final EgressPoolId POOL = EgressPoolId.of("egress-main");

    private StoreFixtures() {}

    /** 32 bytes unique to (purpose, n). */
    public static byte[] bytes32(String purpose, long n) {
        try {
            return MessageDigest.getInstance("SHA-256").digest((purpose + ":" + n).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static WireGuardKey deviceKey(long n) {
        return WireGuardKey.ofBytes(bytes32("device-key", n));
    }

    public static Device device(long n) {
        return device(n, GATEWAY, TIER);
    }

    public static Device device(long n, GatewayId gateway, AccessTierId tier) {
        return new Device.Builder(DeviceId.of("dev-" + n))
                .name("Device " + n)
                .publicKey(deviceKey(n))
                .tunnelAddresses(List.of(IpNetwork.parse("10.44." + (n / 250) % 250 + "." + (2 + n % 250) + "/32"),
                        IpNetwork.parse("fd00:44::" + Long.toHexString((n >>> 16) & 0xffff) + ":" + Long.toHexString(n & 0xffff) + "/128")))
                .gatewayId(gateway)
                .frontDoorId(FrontDoorId.of(gateway.value() + "-udp"))
                .egressPoolId(POOL)
                .tierId(tier)
                .region(REGION)
                .exitCountry(CountryCode.of("DE"))
                .credentialHash(bytes32("device-credential", n))
                .trustRootVersion(1)
                .createdAt(T0.plusSeconds(n))
                .updatedAt(T0.plusSeconds(n))
                .build();
    }

    public static Device withState(Device d, DeviceState state) {
        return d.toBuilder().state(state, state == DeviceState.SUSPENDED ? dev.damm.core.model.SuspensionReason.ADMIN : null).build();
    }

    public static InstallPass pass(long n) {
        return pass(n, TIER);
    }

    public static InstallPass pass(long n, AccessTierId tier) {
        return new InstallPass("pass-" + n, bytes32("pass-secret", n), tier, T0, T0.plusSeconds(86_400), "admin",
                Optional.empty(), Optional.empty());
    }

    public static FrontDoor frontDoor(GatewayId gateway, String suffix, TransportTier tier, int priority) {
        Map<String, String> params = tier == TransportTier.T1 ? Map.of("jc", "4", "jmin", "40", "jmax", "70", "s1", "15", "s2", "68", "h1", "1234567", "h2", "2345678", "h3", "3456789", "h4", "4567890")
                : tier == TransportTier.T3 ? Map.of("path", "/wg") : Map.of();
        return new FrontDoor(FrontDoorId.of(gateway.value() + "-" + suffix), gateway, Endpoint.parse("203.0.113.7:" + (51820 + priority)),
                tier, priority, FrontDoorState.ACTIVE, params);
    }

    /** An active, registered gateway with two front doors ({@code <id>-udp}, {@code <id>-awg}). */
    public static Gateway gateway(long n) {
        GatewayId id = GatewayId.of("gw-" + n);
        return Gateway.builder(id)
                .name("Gateway " + n)
                .region(REGION)
                .providerId(ProviderId.of("static"))
                .status(GatewayStatus.ACTIVE)
                .publicKey(WireGuardKey.ofBytes(bytes32("gateway-key", n)))
                .frontDoors(List.of(frontDoor(id, "udp", TransportTier.T0, 10), frontDoor(id, "awg", TransportTier.T1, 20)))
                .tunnelAddresses(List.of(IpNetwork.parse("10.44.0.1/16")))
                .tokenHash(bytes32("gateway-token", n))
                .registeredAt(T0)
                .lastHeartbeatAt(T0.plusSeconds(30))
                .metrics(new HeartbeatMetrics(0.25, 3, 1_000, 2_000))
                .build();
    }

    /** A gateway the control plane created but that has not registered: no key, no heartbeat. */
    public static Gateway provisionedGateway(long n) {
        return Gateway.builder(GatewayId.of("gw-" + n)).region(REGION).tokenHash(bytes32("gateway-token", n)).build();
    }

    public static EgressPool egressPool(String id) {
        return new EgressPool(EgressPoolId.of(id), ProviderId.of("static"), REGION, EgressKind.MAIN, Set.of(CountryCode.of("DE"), CountryCode.of("NL")),
                List.of(IpNetwork.parse("198.51.100.0/29"), IpNetwork.parse("2001:db8::/64")), 0.5, 0.25, true);
    }

    public static AccessTier tier(String id) {
        return new AccessTier(AccessTierId.of(id), "Tier " + id, Set.of(REGION, RegionCode.of("us-east")),
                Set.of(CountryCode.of("DE"), CountryCode.of("NL")), 100, 10_000_000_000L, true, SubstitutionPolicy.STRICT,
                List.of(new EgressRule(EgressRule.Kind.DOMAIN, "*.example.org"), new EgressRule(EgressRule.Kind.CIDR, "192.0.2.0/24"),
                        new EgressRule(EgressRule.Kind.SNI_TAG, "torrent")));
    }

    public static PublishedKey key(long n, String purpose, Instant createdAt) {
        byte[] raw = bytes32("signing-key", n);
        return new PublishedKey(HexFormat.of().formatHex(bytes32("key-id", n)), purpose, raw, createdAt, Optional.empty());
    }

    public static Publication publication(String kind, String scope, long serial) {
        return new Publication(kind, scope, serial, HexFormat.of().formatHex(bytes32("envelope", serial)), T0.plusSeconds(serial));
    }

    public static AuditEvent audit(Instant at, String action, String target) {
        return AuditEvent.of(at, "admin", action, target, null, "{\"state\":\"ACTIVE\"}");
    }
}
