package dev.damm.core.enroll;

import dev.damm.core.model.FrontDoor;
import dev.damm.spi.Require;
import dev.damm.spi.net.IpNetwork;
import dev.damm.spi.wireguard.WireGuardKey;
import java.util.List;

/**
 * Everything a device needs, besides its own private key, to write its WireGuard config: the
 * gateway's public key, where to dial (the chosen front door, then alternates), what to route and
 * which addresses and DNS to use. The control plane hands this out; the device adds its private
 * key locally.
 */
public record PeerMaterial(WireGuardKey gatewayPublicKey, FrontDoor frontDoor, List<Alternate> alternates,
        List<IpNetwork> tunnelAddresses, List<IpNetwork> allowedIps, List<String> dns, int persistentKeepalive) {
    public PeerMaterial {
        Require.nonNull("gatewayPublicKey", gatewayPublicKey);
        Require.nonNull("frontDoor", frontDoor);
        alternates = List.copyOf(alternates);
        tunnelAddresses = List.copyOf(tunnelAddresses);
        allowedIps = List.copyOf(allowedIps);
        dns = List.copyOf(dns);
        Require.range("persistentKeepalive", persistentKeepalive, 0, 65535);
    }

    /** A failover target: another front door, possibly of another gateway with its own key. */
    public record Alternate(WireGuardKey gatewayPublicKey, FrontDoor frontDoor) {
        public Alternate {
            Require.nonNull("alternate.gatewayPublicKey", gatewayPublicKey);
            Require.nonNull("alternate.frontDoor", frontDoor);
        }
    }
}
