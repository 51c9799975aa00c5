package dev.damm.core.admission;

import dev.damm.core.enroll.Secrets;
import dev.damm.core.json.DammJson;
import dev.damm.core.model.DeviceId;
import dev.damm.spi.DammException;
import dev.damm.spi.Require;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What changed in one gateway's admission set between serial {@code baseSerial} and
 * {@code serial}: the peers added or changed and the device ids removed. Applied to exactly the
 * set of {@code baseSerial} it yields the set of {@code serial}, with this document's times, and
 * {@code peersSha256} says which peers that set holds, so a gateway can check the result before
 * applying it. The publisher signs it as a DSSE envelope of type
 * {@link AdmissionPublisher#DELTA_PAYLOAD_TYPE} with the admission key.
 *
 * <p>Size: at most {@value #MAX_CHANGES} entries (changed peers and removed ids together), each at
 * most {@link AdmissionSet#MAX_PEER_JSON_BYTES} bytes of JSON, so a payload is at most
 * {@link #MAX_PAYLOAD_BYTES} bytes, about an eighth of the largest set. A change larger than that
 * is sent as the full set instead.
 *
 * @param peersSha256 lower-case hex SHA-256 of the resulting set's peers, computed as the
 *     publication history computes an admission set's digest ({@link #peersSha256(List)})
 * @param removed device ids the resulting set does not hold; an id the base set does not hold
 *     either is allowed (a device added and removed again between the two serials)
 */
public record AdmissionDelta(String gatewayId, long baseSerial, long serial, Instant issuedAt, Instant validUntil,
        String peersSha256, List<AdmissionSet.AdmittedPeer> changed, List<String> removed) {
    /** Most changed peers and removed ids one delta carries. */
    public static final int MAX_CHANGES = 4096;
    /** Longest JSON around the entries: a gateway id (192 bytes in UTF-8), two serials, two times and a digest. */
    public static final int MAX_HEADER_JSON_BYTES = 768;
    /** Longest payload a valid delta can have; a removed id's JSON is shorter than a peer's. */
    public static final int MAX_PAYLOAD_BYTES = MAX_HEADER_JSON_BYTES + MAX_CHANGES * AdmissionSet.MAX_PEER_JSON_BYTES;

    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    public AdmissionDelta {
        Require.text("delta.gatewayId", gatewayId, 64);
        Require.range("delta.baseSerial", baseSerial, 1, Long.MAX_VALUE);
        Require.range("delta.serial", serial, 1, Long.MAX_VALUE);
        if (serial <= baseSerial) {
            throw DammException.invalid("delta.serial", "must be above baseSerial " + baseSerial + ", was " + serial);
        }
        Require.nonNull("delta.issuedAt", issuedAt);
        Require.nonNull("delta.validUntil", validUntil);
        if (!validUntil.isAfter(issuedAt)) {
            throw DammException.invalid("delta.validUntil", "must be after issuedAt");
        }
        Require.matches("delta.peersSha256", peersSha256, HEX64, 64, "64 lower-case hex digits");
        changed = List.copyOf(Require.elements("delta.changed", changed, MAX_CHANGES));
        removed = List.copyOf(Require.elements("delta.removed", removed, MAX_CHANGES));
        if (changed.size() + removed.size() > MAX_CHANGES) {
            throw DammException.invalid("delta.removed", "changed and removed together must be at most " + MAX_CHANGES + " entries");
        }
        Set<String> ids = new HashSet<>();
        for (AdmissionSet.AdmittedPeer p : changed) {
            if (!ids.add(p.deviceId())) {
                throw DammException.invalid("delta.changed", "device " + p.deviceId() + " appears twice");
            }
        }
        for (String id : removed) {
            DeviceId.of(Require.nonNull("delta.removed", id));
            if (!ids.add(id)) {
                throw DammException.invalid("delta.removed", "device " + id + " appears twice or is also changed");
            }
        }
    }

    /** Returns the number of changed peers and removed ids. */
    public int size() {
        return changed.size() + removed.size();
    }

    /**
     * The digest of a set's peers: SHA-256 of their JSON, sorted by device id as the publisher
     * sorts them. The same value the publication history records for an admission set.
     */
    public static String peersSha256(List<AdmissionSet.AdmittedPeer> peers) {
        return Secrets.sha256Hex(DammJson.write(peers));
    }

    /**
     * Applies this delta to {@code base}: removes, then adds or replaces by device id.
     *
     * @throws DammException when the result is not a valid set (a public key held twice, too many peers)
     */
    AdmissionSet applyTo(AdmissionSet base) {
        TreeMap<String, AdmissionSet.AdmittedPeer> peers = new TreeMap<>();
        for (AdmissionSet.AdmittedPeer p : base.peers()) {
            peers.put(p.deviceId(), p);
        }
        removed.forEach(peers::remove);
        for (AdmissionSet.AdmittedPeer p : changed) {
            peers.put(p.deviceId(), p);
        }
        return new AdmissionSet(gatewayId, serial, issuedAt, validUntil, new ArrayList<>(peers.values()));
    }

    /** The delta from {@code base} to {@code next}, or empty when it would exceed {@link #MAX_CHANGES}. */
    static Optional<AdmissionDelta> between(AdmissionSet base, AdmissionSet next) {
        Map<String, AdmissionSet.AdmittedPeer> before = new TreeMap<>();
        for (AdmissionSet.AdmittedPeer p : base.peers()) {
            before.put(p.deviceId(), p);
        }
        List<AdmissionSet.AdmittedPeer> changed = new ArrayList<>();
        for (AdmissionSet.AdmittedPeer p : next.peers()) {
            AdmissionSet.AdmittedPeer old = before.remove(p.deviceId());
            if (!p.equals(old)) {
                changed.add(p);
            }
        }
        if (changed.size() + before.size() > MAX_CHANGES) {
            return Optional.empty();
        }
        return Optional.of(new AdmissionDelta(next.gatewayId(), base.serial(), next.serial(), next.issuedAt(), next.validUntil(),
                peersSha256(next.peers()), changed, new ArrayList<>(before.keySet())));
    }

    /**
     * Composes consecutive deltas (each based on the previous one's serial) into one from the
     * first's base to the last's serial, with the last's times and digest; empty when they are
     * not consecutive or the composition exceeds {@link #MAX_CHANGES}.
     */
    static Optional<AdmissionDelta> compose(List<AdmissionDelta> chain) {
        if (chain.isEmpty()) {
            return Optional.empty();
        }
        // Last writer wins per device id: a peer, or null for removed.
        TreeMap<String, AdmissionSet.AdmittedPeer> net = new TreeMap<>();
        AdmissionDelta prev = null;
        for (AdmissionDelta d : chain) {
            if (prev != null && (d.baseSerial() != prev.serial() || !d.gatewayId().equals(prev.gatewayId()))) {
                return Optional.empty();
            }
            d.removed().forEach(id -> net.put(id, null));
            d.changed().forEach(p -> net.put(p.deviceId(), p));
            if (net.size() > MAX_CHANGES) {
                return Optional.empty();
            }
            prev = d;
        }
        List<AdmissionSet.AdmittedPeer> changed = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        net.forEach((id, p) -> {
            if (p == null) {
                removed.add(id);
            } else {
                changed.add(p);
            }
        });
        AdmissionDelta first = chain.get(0);
        return Optional.of(new AdmissionDelta(prev.gatewayId(), first.baseSerial(), prev.serial(), prev.issuedAt(), prev.validUntil(),
                prev.peersSha256(), changed, removed));
    }
}
