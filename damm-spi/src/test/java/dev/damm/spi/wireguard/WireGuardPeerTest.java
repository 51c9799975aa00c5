package dev.damm.spi.wireguard;

import static dev.damm.spi.DammAssertions.assertInvalid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.damm.spi.net.Endpoint;
import dev.damm.spi.net.IpNetwork;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class WireGuardPeerTest {
    static final WireGuardKey KEY = WireGuardKey.parse(WireGuardConfigTest.PUB1);

    @Test
    void copiesAllowedIpsAndRoundTripsThroughItsBuilder() {
        List<IpNetwork> ips = new ArrayList<>(List.of(IpNetwork.parse("10.0.0.2/32")));
        WireGuardPeer p = new WireGuardPeer(KEY, Optional.empty(), ips, Optional.of(Endpoint.parse("1.2.3.4:5")), OptionalInt.of(25));
        ips.add(IpNetwork.parse("10.0.0.3/32"));
        assertEquals(1, p.allowedIps().size());
        assertEquals(p, p.toBuilder().build());
    }

    @Test
    void validatesEveryComponent() {
        assertInvalid("peer.publicKey", () -> WireGuardPeer.builder(null));
        assertInvalid("peer.publicKey", () -> new WireGuardPeer(null, Optional.empty(), List.of(), Optional.empty(), OptionalInt.empty()));
        assertInvalid("peer.presharedKey", () -> new WireGuardPeer(KEY, null, List.of(), Optional.empty(), OptionalInt.empty()));
        assertInvalid("peer.allowedIps", () -> new WireGuardPeer(KEY, Optional.empty(), Arrays.asList((IpNetwork) null), Optional.empty(), OptionalInt.empty()));
        assertInvalid("peer.endpoint", () -> new WireGuardPeer(KEY, Optional.empty(), List.of(), null, OptionalInt.empty()));
        assertInvalid("peer.persistentKeepalive", () -> new WireGuardPeer(KEY, Optional.empty(), List.of(), Optional.empty(), OptionalInt.of(65536)));
        assertInvalid("peer.persistentKeepalive", () -> WireGuardPeer.builder(KEY).persistentKeepalive(-1));
    }

    @Test
    void toStringRedactsThePresharedKey() {
        WireGuardPeer p = WireGuardPeer.builder(KEY).presharedKey(WireGuardPrivateKey.parse(WireGuardConfigTest.PSK)).build();
        assertFalse(p.toString().contains(WireGuardConfigTest.PSK.substring(0, 10)), p.toString());
        assertEquals("WireGuardPeer[publicKey=" + WireGuardConfigTest.PUB1 + ", presharedKey=<redacted>, allowedIps=[]]", p.toString());
    }
}
