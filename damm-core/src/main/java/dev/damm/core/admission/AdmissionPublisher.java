package dev.damm.core.admission;

import dev.damm.core.internal.publish.SerialRace;
import dev.damm.core.json.DammJson;
import dev.damm.core.model.Device;
import dev.damm.core.model.DeviceState;
import dev.damm.core.model.Gateway;
import dev.damm.core.model.GatewayId;
import dev.damm.core.model.GatewayStatus;
import dev.damm.core.store.AdmissionSnapshot;
import dev.damm.core.store.AdmissionStep;
import dev.damm.core.store.DammStore;
import dev.damm.core.store.Publication;
import dev.damm.core.store.StoreTransaction;
import dev.damm.core.trust.DsseEnvelope;
import dev.damm.core.trust.DsseSigner;
import dev.damm.core.trust.SigningKey;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.Require;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Builds and signs a gateway's admission set: every active device of the gateway's region, so
 * any gateway of a region can take a device that fails over to it. The serial comes from the
 * store's publication history, which keeps it strictly increasing across servers.
 *
 * <p><b>Deltas.</b> Each publication also records, in the store's admission history, the set in
 * full and the step from the previous set (the changed peers and removed ids), keeping the last
 * {@code historyRetention} steps. {@link #since} answers a gateway that holds serial S from that
 * history: {@link AdmissionUpdate.UpToDate} when S is the newest, a signed
 * {@link AdmissionDelta} from S when the steps since S are all still kept, and the full set
 * otherwise. Reading the steps costs in proportion to the changes since S, not to the region's
 * devices, and every server on the store answers alike.
 */
public final class AdmissionPublisher {
    /** The DSSE payload type of admission sets. */
    public static final String PAYLOAD_TYPE = "application/vnd.damm.admission+json";
    /** The DSSE payload type of admission deltas. */
    public static final String DELTA_PAYLOAD_TYPE = "application/vnd.damm.admission-delta+json";
    /** Default number of steps kept per gateway: a gateway up to this many publications behind gets a delta. */
    public static final int DEFAULT_HISTORY_RETENTION = 64;
    /** Most steps kept per gateway. */
    public static final int MAX_HISTORY_RETENTION = 1024;
    static final String KIND = "admission";

    private final DammStore store;
    private final Clock clock;
    private final DsseSigner signer;
    private final DsseSigner deltaSigner;
    private final Duration validFor;
    private final int historyRetention;

    /** A publisher keeping {@link #DEFAULT_HISTORY_RETENTION} steps per gateway. */
    public AdmissionPublisher(DammStore store, Clock clock, SigningKey admissionKey, Duration validFor) {
        this(store, clock, admissionKey, validFor, DEFAULT_HISTORY_RETENTION);
    }

    /** A publisher keeping {@code historyRetention} (1 to {@value #MAX_HISTORY_RETENTION}) steps per gateway. */
    public AdmissionPublisher(DammStore store, Clock clock, SigningKey admissionKey, Duration validFor, int historyRetention) {
        this.store = Require.nonNull("store", store);
        this.clock = Require.nonNull("clock", clock);
        this.signer = new DsseSigner(PAYLOAD_TYPE, Require.nonNull("admissionKey", admissionKey));
        this.deltaSigner = new DsseSigner(DELTA_PAYLOAD_TYPE, admissionKey);
        this.validFor = Require.nonNull("validFor", validFor);
        this.historyRetention = Require.range("historyRetention", historyRetention, 1, MAX_HISTORY_RETENTION);
    }

    /** A signed set and the parsed payload it carries. */
    public record Signed(AdmissionSet set, DsseEnvelope envelope) {
        public byte[] toJson() {
            return envelope.toJson();
        }
    }

    /** Builds, signs and records the next admission set for {@code gatewayId}. */
    public Signed publish(GatewayId gatewayId) {
        Require.nonNull("gatewayId", gatewayId);
        // A concurrent publication for the same gateway (the schedule's refresh and a first poll, or
        // another server) may take the next serial first: sign again with the one after.
        return SerialRace.signUntilRecorded(() -> {
            Instant now = clock.instant();
            return store.inTransaction(tx -> sign(tx, gatewayId, peers(tx, gatewayId), now));
        });
    }

    /**
     * Publishes the next set for {@code gatewayId} only when who is admitted changed since the newest
     * set, or when the newest set expires within {@code resignBefore}; otherwise nothing, so gateways
     * that poll with {@link #since} get "up to date" instead of a new serial for the same peers.
     *
     * @return the new set, or empty when the newest one still stands
     */
    public Optional<Signed> publishIfChanged(GatewayId gatewayId, Duration resignBefore) {
        Require.nonNull("gatewayId", gatewayId);
        Require.nonNull("resignBefore", resignBefore);
        return SerialRace.signUntilRecorded(() -> publishIfChangedOnce(gatewayId, resignBefore));
    }

    private Optional<Signed> publishIfChangedOnce(GatewayId gatewayId, Duration resignBefore) {
        Instant now = clock.instant();
        return store.inTransaction(tx -> {
            List<AdmissionSet.AdmittedPeer> peers = peers(tx, gatewayId);
            Optional<AdmissionSet> newest = tx.admissionHistory().latest(gatewayId).map(snap -> readSet(snap.setJson()));
            if (newest.isPresent() && newest.get().validUntil().isAfter(now.plus(resignBefore))
                    && AdmissionDelta.peersSha256(newest.get().peers()).equals(AdmissionDelta.peersSha256(peers))) {
                return Optional.<Signed>empty();
            }
            return Optional.of(sign(tx, gatewayId, peers, now));
        });
    }

    /**
     * {@link #publishIfChanged} for many gateways at once, as the loop's schedule does: each region's
     * admitted peers are read once, not once per gateway, and whether a gateway's newest set still
     * stands is decided from its last publication's digest and time, without reading the set back.
     * Provisioned gateways are skipped; a retired gateway's next set is empty. The peers are read
     * just before the sets are signed, outside their transactions: a device admitted or removed in
     * between is in the next refresh.
     *
     * @return the sets published, in {@code gateways} order
     */
    public List<Signed> refresh(List<Gateway> gateways, Duration resignBefore) {
        Require.nonNull("gateways", gateways);
        Require.nonNull("resignBefore", resignBefore);
        java.util.Map<dev.damm.spi.net.RegionCode, List<AdmissionSet.AdmittedPeer>> byRegion = new java.util.HashMap<>();
        List<Signed> out = new ArrayList<>();
        for (Gateway g : gateways) {
            if (g.status() == GatewayStatus.PROVISIONED) {
                continue;
            }
            List<AdmissionSet.AdmittedPeer> peers = g.status() == GatewayStatus.RETIRED ? List.of()
                    : byRegion.computeIfAbsent(g.region(), r -> store.inTransaction(tx -> regionPeers(tx, r, gateways)));
            String digest = AdmissionDelta.peersSha256(peers);
            SerialRace.signUntilRecorded(() -> {
                Instant now = clock.instant();
                return store.inTransaction(tx -> {
                    List<Publication> last = tx.publications().recent(KIND, g.id().value(), 1);
                    if (!last.isEmpty() && last.get(0).sha256().equals(digest)
                            && last.get(0).publishedAt().plus(validFor).isAfter(now.plus(resignBefore))) {
                        return Optional.<Signed>empty();
                    }
                    return Optional.of(sign(tx, g.id(), peers, now));
                });
            }).ifPresent(out::add);
        }
        return out;
    }

    /** The active devices of every gateway of {@code fleet} in {@code region}, by device id. */
    private static List<AdmissionSet.AdmittedPeer> regionPeers(StoreTransaction tx, dev.damm.spi.net.RegionCode region, List<Gateway> fleet) {
        List<AdmissionSet.AdmittedPeer> peers = new ArrayList<>();
        for (Gateway g : fleet) {
            if (g.region().equals(region)) {
                for (Device d : tx.devices().listByGateway(g.id(), DeviceState.ACTIVE)) {
                    peers.add(new AdmissionSet.AdmittedPeer(d.id().value(), d.publicKey(), d.tunnelAddresses()));
                }
            }
        }
        peers.sort(java.util.Comparator.comparing(AdmissionSet.AdmittedPeer::deviceId));
        return peers;
    }

    /** The active devices of the gateway's region, by device id; none for a retired gateway. */
    private static List<AdmissionSet.AdmittedPeer> peers(StoreTransaction tx, GatewayId gatewayId) {
        Gateway gw = tx.gateways().find(gatewayId)
                .orElseThrow(() -> new DammException(ErrorCode.NOT_FOUND, "gatewayId: " + gatewayId + " not found"));
        if (gw.status() == GatewayStatus.PROVISIONED) {
            throw new DammException(ErrorCode.GATEWAY_NOT_REGISTERED, "gateway: " + gatewayId + " must register first");
        }
        List<AdmissionSet.AdmittedPeer> peers = new ArrayList<>();
        if (gw.status() != GatewayStatus.RETIRED) {
            for (Gateway g : tx.gateways().list()) {
                if (!g.region().equals(gw.region())) {
                    continue;
                }
                for (Device d : tx.devices().listByGateway(g.id(), DeviceState.ACTIVE)) {
                    peers.add(new AdmissionSet.AdmittedPeer(d.id().value(), d.publicKey(), d.tunnelAddresses()));
                }
            }
        }
        peers.sort(java.util.Comparator.comparing(AdmissionSet.AdmittedPeer::deviceId));
        return peers;
    }

    private Signed sign(StoreTransaction tx, GatewayId gatewayId, List<AdmissionSet.AdmittedPeer> peers, Instant now) {
        long serial = tx.publications().lastSerial(KIND, gatewayId.value()).orElse(0) + 1;
        AdmissionSet set = new AdmissionSet(gatewayId.value(), serial, now, now.plus(validFor), peers);
        byte[] setJson = DammJson.write(set);
        DsseEnvelope envelope = signer.sign(setJson);
        // The recorded digest is of the content (who is admitted), not of the envelope, as for catalogs.
        tx.publications().record(new Publication(KIND, gatewayId.value(), serial, AdmissionDelta.peersSha256(set.peers()), now));
        recordHistory(tx, set, setJson, now);
        return new Signed(set, envelope);
    }

    /** Keeps {@code set} as the gateway's newest and the step to it from the previous newest, when one fits in a delta. */
    private void recordHistory(StoreTransaction tx, AdmissionSet set, byte[] setJson, Instant now) {
        GatewayId gw = GatewayId.of(set.gatewayId());
        Optional<AdmissionStep> step = tx.admissionHistory().latest(gw)
                .filter(prev -> prev.serial() < set.serial())
                .flatMap(prev -> AdmissionDelta.between(readSet(prev.setJson()), set))
                .map(d -> new AdmissionStep(gw, d.baseSerial(), d.serial(), DammJson.write(d)));
        tx.admissionHistory().record(new AdmissionSnapshot(gw, set.serial(), setJson, now), step, historyRetention);
    }

    /**
     * Answers a gateway that holds {@code heldSerial} (empty: holds nothing): up to date, a signed
     * delta from exactly that serial, or the newest set in full. The first call for a gateway with
     * no history publishes its first set. A serial above the newest (a store restored from an old
     * backup) gets the full set, which that gateway refuses as a rollback until the serials catch up.
     *
     * @throws DammException {@code NOT_FOUND} or {@code GATEWAY_NOT_REGISTERED} as {@link #publish}
     *     when a first set has to be published
     */
    public AdmissionUpdate since(GatewayId gatewayId, OptionalLong heldSerial) {
        Require.nonNull("gatewayId", gatewayId);
        Require.nonNull("heldSerial", heldSerial);
        AdmissionUpdate answer = store.inTransaction(tx -> {
            OptionalLong newest = tx.admissionHistory().latestSerial(gatewayId);
            if (newest.isEmpty()) {
                return null;
            }
            if (heldSerial.isPresent() && heldSerial.getAsLong() == newest.getAsLong()) {
                return new AdmissionUpdate.UpToDate(newest.getAsLong());
            }
            if (heldSerial.isPresent() && heldSerial.getAsLong() >= 1 && heldSerial.getAsLong() < newest.getAsLong()) {
                Optional<AdmissionDelta> delta = deltaSince(tx, gatewayId, heldSerial.getAsLong());
                if (delta.isPresent()) {
                    return new AdmissionUpdate.Delta(delta.get(), deltaSigner.sign(DammJson.write(delta.get())));
                }
            }
            return tx.admissionHistory().latest(gatewayId).map(s -> {
                AdmissionSet set = readSet(s.setJson());
                return new AdmissionUpdate.Full(new Signed(set, signer.sign(DammJson.write(set))));
            }).orElse(null);
        });
        return answer != null ? answer : new AdmissionUpdate.Full(publish(gatewayId));
    }

    /** The composed steps from {@code held} on, when every one of them is still kept and they fit in one delta. */
    private Optional<AdmissionDelta> deltaSince(StoreTransaction tx, GatewayId gatewayId, long held) {
        List<AdmissionStep> steps = tx.admissionHistory().stepsAfter(gatewayId, held, MAX_HISTORY_RETENTION);
        if (steps.isEmpty() || steps.get(0).baseSerial() != held) {
            return Optional.empty();
        }
        List<AdmissionDelta> chain = new ArrayList<>(steps.size());
        for (AdmissionStep st : steps) {
            chain.add(DammJson.readSignedBounded(st.deltaJson(), AdmissionDelta.class, AdmissionDelta.MAX_PAYLOAD_BYTES));
        }
        return AdmissionDelta.compose(chain);
    }

    private static AdmissionSet readSet(byte[] json) {
        return DammJson.readSignedBounded(json, AdmissionSet.class, AdmissionSet.MAX_PAYLOAD_BYTES);
    }
}
