package dev.damm.core.admission;

import dev.damm.spi.DammException;
import dev.damm.spi.Require;
import dev.damm.spi.net.IpNetwork;
import dev.damm.spi.wireguard.WireGuardKey;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The peers one gateway admits, as the control plane signed them (memo, the "hybrid": gateways
 * verify a signed admission record instead of taking peer writes from a privileged reconciler).
 * A revoked or suspended device is simply absent from the next set.
 *
 * @param serial strictly increasing per gateway, so a gateway never applies an older set
 * @param validUntil the gateway drops every peer of this set after this instant unless a newer set arrives
 */
public record AdmissionSet(String gatewayId, long serial, Instant issuedAt, Instant validUntil, List<AdmittedPeer> peers) {
    /** Upper bound on peers per set; a gateway with more devices needs sharding by region. */
    public static final int MAX_PEERS = 1_000_000;

    public AdmissionSet {
        Require.text("admission.gatewayId", gatewayId, 64);
        Require.range("admission.serial", serial, 1, Long.MAX_VALUE);
        Require.nonNull("admission.issuedAt", issuedAt);
        Require.nonNull("admission.validUntil", validUntil);
        if (!validUntil.isAfter(issuedAt)) {
            throw DammException.invalid("admission.validUntil", "must be after issuedAt");
        }
        peers = List.copyOf(Require.elements("admission.peers", peers, MAX_PEERS));
        Set<WireGuardKey> seen = new HashSet<>();
        for (AdmittedPeer p : peers) {
            if (!seen.add(p.publicKey())) {
                throw DammException.invalid("admission.peers", "public key " + p.publicKey() + " appears twice");
            }
        }
    }

    /** One admitted device: its public key and the tunnel addresses it may use as source. */
    public record AdmittedPeer(String deviceId, WireGuardKey publicKey, List<IpNetwork> allowedIps) {
        public AdmittedPeer {
            Require.text("peer.deviceId", deviceId, 64);
            Require.nonNull("peer.publicKey", publicKey);
            allowedIps = List.copyOf(Require.elements("peer.allowedIps", allowedIps, 4));
        }
    }
}
