package dev.damm.core.client;

import dev.damm.core.enroll.PeerMaterial;
import dev.damm.core.model.FrontDoor;
import dev.damm.core.internal.model.FrontDoorRules;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.Require;
import dev.damm.spi.net.DnsName;
import dev.damm.spi.net.IpLiterals;
import dev.damm.spi.transport.TransportTier;
import dev.damm.spi.wireguard.WireGuardConfig;
import dev.damm.spi.wireguard.WireGuardPeer;
import dev.damm.spi.wireguard.WireGuardPrivateKey;

/**
 * Renders a device's WireGuard configuration on the device, from the peer material the control
 * plane returned and the private key that never left the device.
 *
 * <p>One {@code [Peer]} per config: WireGuard cannot fail over between peers that share allowed
 * IPs, so the client SDK swaps the endpoint (or the whole peer, for another gateway) itself.
 */
public final class DeviceConfigs {
    private DeviceConfigs() {}

    /** The config for dialing the primary front door. */
    public static WireGuardConfig render(PeerMaterial peer, WireGuardPrivateKey privateKey) {
        return render(peer, new PeerMaterial.Alternate(peer.gatewayPublicKey(), peer.frontDoor()), privateKey);
    }

    /** The config for dialing {@code target} (the primary or one of the alternates). */
    public static WireGuardConfig render(PeerMaterial peer, PeerMaterial.Alternate target, WireGuardPrivateKey privateKey) {
        Require.nonNull("peer", peer);
        Require.nonNull("target", target);
        Require.nonNull("privateKey", privateKey);
        FrontDoor door = target.frontDoor();
        WireGuardConfig.Builder b = WireGuardConfig.builder().privateKey(privateKey).addresses(peer.tunnelAddresses());
        for (String dns : peer.dns()) {
            if (dns.indexOf(':') >= 0 || dns.chars().allMatch(c -> c == '.' || Character.isDigit(c))) {
                b.addDnsServer(IpLiterals.parse("dns", dns));
            } else {
                b.addDnsSearchDomain(DnsName.parse("dns", dns));
            }
        }
        if (door.transport() == TransportTier.T1) {
            // The rule set the catalog publishes by: a door it lists is a door this renders, and a door
            // this refuses the catalog refuses too.
            b.amneziaWg(FrontDoorRules.amneziaWg("frontDoor.parameters", door.parameters()));
        }
        WireGuardPeer.Builder p = WireGuardPeer.builder(target.gatewayPublicKey()).allowedIps(peer.allowedIps());
        if (door.transport() == TransportTier.T0 || door.transport() == TransportTier.T1) {
            p.endpoint(door.endpoint());
        } else {
            // T2-T4 reach the gateway through a local relay beside the WireGuard app ;
            // the relay's loopback endpoint is chosen by the transport plug-in at run time.
            throw new DammException(ErrorCode.CAPABILITY_UNSUPPORTED,
                    "frontDoor.transport: " + door.transport() + " needs a transport relay; render it with the transport plug-in");
        }
        if (peer.persistentKeepalive() > 0) {
            p.persistentKeepalive(peer.persistentKeepalive());
        }
        return b.addPeer(p.build()).build();
    }
}
