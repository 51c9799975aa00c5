package dev.damm.core.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.damm.core.catalog.TransportParams;
import dev.damm.core.crypto.WireGuardKeyPair;
import dev.damm.core.enroll.PeerMaterial;
import dev.damm.core.model.FrontDoor;
import dev.damm.core.model.FrontDoorId;
import dev.damm.core.model.FrontDoorState;
import dev.damm.core.model.GatewayId;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.net.Endpoint;
import dev.damm.spi.net.IpNetwork;
import dev.damm.spi.transport.TransportTier;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The catalog and the device renderer accept and refuse the same transport parameters: each case
 * goes through the catalog's wire entry and through the device's path (the domain door it is
 * handed, then the config renderer), and both must give the same answer.
 */
class TransportRulesAgreeTest {
    private static final Endpoint AT = Endpoint.parse("203.0.113.5:443");
    private static final WireGuardKeyPair GATEWAY = WireGuardKeyPair.generate(new SecureRandom());
    private static final WireGuardKeyPair DEVICE = WireGuardKeyPair.generate(new SecureRandom());

    private static Map<String, String> amnezia(String... overrides) {
        Map<String, String> m = new HashMap<>(Map.of("jc", "4", "jmin", "40", "jmax", "70", "s1", "15", "s2", "68",
                "h1", "1234567", "h2", "2345678", "h3", "3456789", "h4", "4567890"));
        for (int i = 0; i < overrides.length; i += 2) {
            if (overrides[i + 1] == null) {
                m.remove(overrides[i]);
            } else {
                m.put(overrides[i], overrides[i + 1]);
            }
        }
        return m;
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("valid AmneziaWG", TransportTier.T1, amnezia(), true),
                Arguments.of("fixed-size junk (jmin = jmax)", TransportTier.T1, amnezia("jmin", "70"), true),
                Arguments.of("an extra plug-in key", TransportTier.T1, amnezia("mtu", "1280"), true),
                Arguments.of("no junk packets", TransportTier.T1, amnezia("jc", "0"), false),
                Arguments.of("too many junk packets", TransportTier.T1, amnezia("jc", "129"), false),
                Arguments.of("jmin above jmax", TransportTier.T1, amnezia("jmin", "80"), false),
                Arguments.of("junk above 1280 bytes", TransportTier.T1, amnezia("jmax", "1281"), false),
                Arguments.of("initiation padding past 1280 bytes", TransportTier.T1, amnezia("s1", "1133"), false),
                Arguments.of("response padding past 1280 bytes", TransportTier.T1, amnezia("s2", "1189"), false),
                Arguments.of("s2 = s1 + 56", TransportTier.T1, amnezia("s2", "71"), false),
                Arguments.of("a WireGuard message type as header", TransportTier.T1, amnezia("h1", "4"), false),
                Arguments.of("two equal headers", TransportTier.T1, amnezia("h2", "1234567"), false),
                Arguments.of("a header past 32 bits", TransportTier.T1, amnezia("h4", "4294967296"), false),
                Arguments.of("a leading zero", TransportTier.T1, amnezia("jc", "04"), false),
                Arguments.of("a negative number", TransportTier.T1, amnezia("jmin", "-1"), false),
                Arguments.of("not a number", TransportTier.T1, amnezia("s1", "x"), false),
                Arguments.of("more digits than an int holds", TransportTier.T1, amnezia("jc", "99999999999"), false),
                Arguments.of("a missing header", TransportTier.T1, amnezia("h4", null), false),
                Arguments.of("no parameters at all", TransportTier.T1, Map.of(), false),
                Arguments.of("plain WireGuard", TransportTier.T0, Map.of(), true),
                Arguments.of("an upper-case key", TransportTier.T0, Map.of("Jc", "4"), false),
                Arguments.of("a control character in a value", TransportTier.T0, Map.of("note", "a\u0007b"), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theCatalogAndTheDeviceRendererGiveTheSameAnswer(String name, TransportTier tier, Map<String, String> params, boolean valid) {
        Optional<ErrorCode> catalog = outcome(() -> new dev.damm.core.catalog.FrontDoor("fd-1", AT, tier, TransportParams.of(params), 0,
                FrontDoorState.ACTIVE));
        Optional<ErrorCode> device = outcome(() -> {
            FrontDoor door = new FrontDoor(FrontDoorId.of("fd-1"), GatewayId.of("gw-1"), AT, tier, 0, FrontDoorState.ACTIVE, params);
            PeerMaterial peer = new PeerMaterial(GATEWAY.publicKey(), door, List.of(), List.of(IpNetwork.parse("10.44.0.10/32")),
                    List.of(IpNetwork.parse("0.0.0.0/0")), List.of("10.44.0.1"), 0);
            DeviceConfigs.render(peer, DEVICE.privateKey()).render();
        });
        assertEquals(valid ? Optional.empty() : Optional.of(ErrorCode.INVALID_ARGUMENT), catalog, "catalog: " + name);
        assertEquals(catalog, device, "device renderer: " + name);
    }

    private static Optional<ErrorCode> outcome(Runnable r) {
        try {
            r.run();
            return Optional.empty();
        } catch (DammException e) {
            return Optional.of(e.errorCode());
        }
    }
}
