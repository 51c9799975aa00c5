package dev.damm.core.client;

import static dev.damm.core.testing.ControlPlaneFixture.EU;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.core.crypto.WireGuardKeyPair;
import dev.damm.core.enroll.EnrollmentResult;
import dev.damm.core.enroll.PeerMaterial;
import dev.damm.core.model.FrontDoor;
import dev.damm.core.model.FrontDoorId;
import dev.damm.core.model.GatewayId;
import dev.damm.core.testing.ControlPlaneFixture;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.net.Endpoint;
import dev.damm.spi.transport.TransportTier;
import dev.damm.spi.wireguard.WireGuardConfig;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeviceConfigsTest {

    @Test
    void rendersAConfigTheDeviceCanParseBackWithItsOwnKey() {
        ControlPlaneFixture f = new ControlPlaneFixture();
        f.addGateway("gw-a", EU, "hetzner");
        WireGuardKeyPair device = WireGuardKeyPair.generate(new SecureRandom());
        EnrollmentResult r = f.cp.enrollment().enroll(f.request(f.mint().secret(), device.publicKey()));
        WireGuardConfig conf = DeviceConfigs.render(r.peer(), device.privateKey());
        WireGuardConfig parsed = WireGuardConfig.parse(conf.render());
        assertEquals(conf, parsed);
        assertEquals(device.privateKey(), parsed.privateKey().orElseThrow());
        assertEquals(r.peer().gatewayPublicKey(), parsed.peers().get(0).publicKey());
        assertEquals(r.peer().frontDoor().endpoint(), parsed.peers().get(0).endpoint().orElseThrow());
        assertEquals(r.device().tunnelAddresses(), parsed.addresses());
        assertTrue(conf.render().contains("PersistentKeepalive = 25"));
        assertFalse(conf.toString().contains(device.privateKey().base64()));
    }

    @Test
    void anAmneziaWgDoorCarriesItsParametersIntoTheInterface() {
        WireGuardKeyPair gw = WireGuardKeyPair.generate(new SecureRandom());
        WireGuardKeyPair device = WireGuardKeyPair.generate(new SecureRandom());
        FrontDoor t1 = new FrontDoor(FrontDoorId.of("d1"), GatewayId.of("g"), Endpoint.parse("203.0.113.5:443"), TransportTier.T1, 1,
                dev.damm.core.model.FrontDoorState.ACTIVE,
                Map.of("jc", "4", "jmin", "40", "jmax", "70", "s1", "15", "s2", "68", "h1", "1234567", "h2", "2345678", "h3", "3456789", "h4", "4567890"));
        PeerMaterial peer = new PeerMaterial(gw.publicKey(), t1, List.of(), List.of(dev.damm.spi.net.IpNetwork.parse("10.44.0.10/32")),
                List.of(dev.damm.spi.net.IpNetwork.parse("0.0.0.0/0")), List.of("10.44.0.1"), 0);
        String text = DeviceConfigs.render(peer, device.privateKey()).render();
        assertTrue(text.contains("Jc = 4"), text);
        assertTrue(text.contains("H4 = 4567890"), text);
        // A door the renderer could not render cannot be built: the model checks by the renderer's rules.
        DammException e = assertThrows(DammException.class, () -> new FrontDoor(FrontDoorId.of("d2"), GatewayId.of("g"),
                Endpoint.parse("203.0.113.5:443"), TransportTier.T1, 1, dev.damm.core.model.FrontDoorState.ACTIVE, Map.of("jc", "4")));
        assertTrue(e.getMessage().startsWith("frontDoor.parameters.jmin"), e.getMessage());
    }

    @Test
    void failoverWalksTheDoorsInOrderThenSaysThereIsNoAlternate() {
        ControlPlaneFixture f = new ControlPlaneFixture();
        f.addGateway("gw-a", EU, "hetzner");
        PeerMaterial peer = f.enroll().peer();
        assertEquals(FrontDoorId.of("gw-a-t0"), FrontDoorFailover.next(peer, Set.of()).frontDoor().id());
        assertEquals(FrontDoorId.of("gw-a-t1"), FrontDoorFailover.next(peer, Set.of(FrontDoorId.of("gw-a-t0"))).frontDoor().id());
        DammException e = assertThrows(DammException.class,
                () -> FrontDoorFailover.next(peer, Set.of(FrontDoorId.of("gw-a-t0"), FrontDoorId.of("gw-a-t1"))));
        assertEquals(ErrorCode.NO_ALTERNATE_FRONT_DOOR, e.errorCode());
    }
}
