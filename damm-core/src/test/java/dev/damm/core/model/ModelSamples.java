package dev.damm.core.model;

import dev.damm.spi.provider.ProviderId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.net.CountryCode;
import dev.damm.spi.net.Endpoint;
import dev.damm.spi.net.IpNetwork;
import dev.damm.spi.net.RegionCode;
import dev.damm.spi.transport.TransportTier;
import dev.damm.spi.wireguard.WireGuardKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.function.Executable;

/** Valid instances of every model aggregate, and the assertion the model tests share. */
final class ModelSamples {
    static final WireGuardKey GATEWAY_KEY = WireGuardKey.parse("xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=");
    static final WireGuardKey DEVICE_KEY = WireGuardKey.ofBytes(filled(32, (byte) 7));
    static final GatewayId GW = GatewayId.of("gw-fra-1");
    static final RegionCode REGION = RegionCode.of("eu-central");
    static final Instant T0 = Instant.parse("2024-06-01T12:00:00Z");

    private ModelSamples() {}

    static byte[] filled(int length, byte value) {
        byte[] b = new byte[length];
        Arrays.fill(b, value);
        return b;
    }

    static FrontDoor frontDoor() {
        return new FrontDoor(FrontDoorId.of("fd-fra-1-t1"), GW, Endpoint.parse("203.0.113.10:51820"), TransportTier.T1, 10,
                FrontDoorState.ACTIVE, Map.of("jc", "4", "jmin", "40", "jmax", "70", "s1", "15", "s2", "68", "h1", "1234567", "h2", "2345678", "h3", "3456789", "h4", "4567890"));
    }

    static FrontDoor secondFrontDoor() {
        return new FrontDoor(FrontDoorId.of("fd-fra-1-t3"), GW, Endpoint.parse("[2001:db8::10]:443"), TransportTier.T3, 20,
                FrontDoorState.DEMOTED, Map.of("path", "/wg", "sni", "cdn.example.net"));
    }

    static Gateway.Builder gatewayBuilder() {
        return Gateway.builder(GW).name("Frankfurt 1").region(REGION).providerId(ProviderId.of("hetzner")).status(GatewayStatus.ACTIVE)
                .publicKey(GATEWAY_KEY).frontDoors(List.of(frontDoor(), secondFrontDoor()))
                .tunnelAddresses(List.of(IpNetwork.parse("10.44.0.1/16"), IpNetwork.parse("fd44::1/64")))
                .tokenHash(filled(32, (byte) 0x5a)).registeredAt(T0).lastHeartbeatAt(T0.plusSeconds(30))
                .metrics(new HeartbeatMetrics(0.25, 12, 1_000_000L, 2_000_000L));
    }

    static Gateway gateway() {
        return gatewayBuilder().build();
    }

    /** A gateway as it is before it registers: no key, no timestamps. */
    static Gateway provisionedGateway() {
        return Gateway.builder(GatewayId.of("gw-ams-2")).region(RegionCode.of("eu-west")).tokenHash(filled(32, (byte) 1)).build();
    }

    static EgressPool egressPool() {
        return new EgressPool(EgressPoolId.of("eg-fra-main"), ProviderId.of("hetzner"), REGION, EgressKind.MAIN,
                Set.of(CountryCode.of("DE"), CountryCode.of("AT")),
                List.of(IpNetwork.parse("198.51.100.0/28"), IpNetwork.parse("2001:db8:e::/64")), 0.4, 0.6, true);
    }

    static AccessTier accessTier() {
        return new AccessTier(AccessTierId.of("tier-standard"), "Standard", Set.of(REGION, RegionCode.of("eu-west")),
                Set.of(CountryCode.of("DE"), CountryCode.of("NL")), 500, 50_000_000_000L, true, SubstitutionPolicy.STRICT,
                List.of(new EgressRule(EgressRule.Kind.CIDR, "192.0.2.0/24"), new EgressRule(EgressRule.Kind.DOMAIN, "*.example.org"),
                        new EgressRule(EgressRule.Kind.SNI_TAG, "torrent")));
    }

    static Device.Builder deviceBuilder() {
        return new Device.Builder(DeviceId.of("dev-0001")).name("Alice's laptop").publicKey(DEVICE_KEY)
                .tunnelAddresses(List.of(IpNetwork.parse("10.44.0.10/32"), IpNetwork.parse("fd44::a/128")))
                .gatewayId(GW).frontDoorId(FrontDoorId.of("fd-fra-1-t1")).egressPoolId(EgressPoolId.of("eg-fra-main"))
                .quarantineEgressPoolId(EgressPoolId.of("eg-fra-q")).tierId(AccessTierId.of("tier-standard"))
                .region(REGION).exitCountry(CountryCode.of("DE")).usage(1234, 5678).credentialHash(filled(32, (byte) 0x3c))
                .trustRootVersion(3).createdAt(T0).updatedAt(T0.plusSeconds(60));
    }

    static Device device() {
        return deviceBuilder().build();
    }

    /** Asserts {@code call} throws {@code code} with a message that starts with {@code field + ": "}. */
    static DammException assertFails(ErrorCode code, String field, Executable call) {
        DammException e = assertThrows(DammException.class, call);
        assertEquals(code, e.errorCode(), () -> "error code of: " + e.getMessage());
        assertTrue(e.getMessage().startsWith(field + ": "),
                () -> "expected a message starting with '" + field + ": ' but was '" + e.getMessage() + "'");
        return e;
    }

    /** Asserts {@code call} throws INVALID_ARGUMENT naming {@code field} first. */
    static DammException assertInvalid(String field, Executable call) {
        return assertFails(ErrorCode.INVALID_ARGUMENT, field, call);
    }
}
