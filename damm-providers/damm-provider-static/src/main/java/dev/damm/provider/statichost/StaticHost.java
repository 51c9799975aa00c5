package dev.damm.provider.statichost;

import dev.damm.spi.Require;
import dev.damm.spi.net.Endpoint;
import dev.damm.spi.net.RegionCode;
import dev.damm.spi.transport.TransportTier;
import java.net.InetAddress;
import java.util.Optional;

/**
 * One hand-provisioned host from the configuration: a friend's Raspberry Pi or a VPS set up by hand.
 *
 * @param name      the operator's name for it, used as the node id in specs
 * @param endpoint  where clients reach its WireGuard (or other tier) listener
 * @param region    the DAMM region it serves
 * @param tier      the transport tier its listener speaks
 * @param egress    the address its traffic leaves from; null when unknown
 * @param probePort a TCP port that answers when the host is up (SSH, say); 0 when there is none
 */
record StaticHost(String name, Endpoint endpoint, RegionCode region, TransportTier tier, InetAddress egress, int probePort) {

    StaticHost {
        Require.text("host.name", name, 63);
        Require.nonNull("host.endpoint", endpoint);
        Require.nonNull("host.region", region);
        Require.nonNull("host.tier", tier);
        Require.range("host.probePort", probePort, 0, 65535);
    }

    Optional<InetAddress> egressAddress() {
        return Optional.ofNullable(egress);
    }
}
