package dev.damm.core.admission;

import dev.damm.core.model.DeviceId;
import dev.damm.spi.DammException;
import dev.damm.spi.Require;
import dev.damm.spi.net.IpNetwork;
import dev.damm.spi.wireguard.WireGuardKey;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The peers one gateway admits, as the control plane signed them: gateways verify a signed
 * admission record instead of taking peer writes from a privileged reconciler, so a compromised
 * reconciler cannot add peers. A revoked or suspended device is simply absent from the next set.
 *
 * <p>Size: at most {@value #MAX_PEERS} peers, each at most {@value #MAX_PEER_JSON_BYTES} bytes
 * of JSON (a 64-character ASCII device id, a 44-character key, four IPv6 networks of up to 43
 * characters), so a payload is at most {@link #MAX_PAYLOAD_BYTES} bytes. That bound is chosen so
 * the payload's base64 in its DSSE envelope stays below the JSON parser's string limit
 * ({@link dev.damm.core.json.DammJson#MAX_STRING_LENGTH}): every set the publisher can sign can be
 * read. A region with more active devices needs splitting into more regions.
 *
 * @param serial strictly increasing per gateway, so a gateway never applies an older set
 * @param validUntil the gateway drops every peer of this set after this instant unless a newer set arrives
 */
public record AdmissionSet(String gatewayId, long serial, Instant issuedAt, Instant validUntil, List<AdmittedPeer> peers) {
    /** Upper bound on peers per set; a region with more active devices must be split. */
    public static final int MAX_PEERS = 32_768;
    /**
     * Longest JSON of one peer, with its separating comma: {@code {"deviceId":"<64>","publicKey":"<44>",
     * "allowedIps":["<43>",...4]},} is 13 + 64 + 15 + 44 + 16 + 4 * 45 + 3 + 2 + 1 bytes.
     */
    public static final int MAX_PEER_JSON_BYTES = 338;
    /** Longest JSON around the peers: a gateway id of up to 64 characters (192 bytes in UTF-8), a serial and two times. */
    public static final int MAX_HEADER_JSON_BYTES = 512;
    /** Longest payload a valid set can have. */
    public static final int MAX_PAYLOAD_BYTES = MAX_HEADER_JSON_BYTES + MAX_PEERS * MAX_PEER_JSON_BYTES;

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
            // The device id grammar (ASCII, at most 64 characters) is what bounds a set's size.
            DeviceId.of(Require.nonNull("peer.deviceId", deviceId));
            Require.nonNull("peer.publicKey", publicKey);
            allowedIps = List.copyOf(Require.elements("peer.allowedIps", allowedIps, 4));
        }
    }
}
