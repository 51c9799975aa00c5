package dev.damm.core.admission;

import dev.damm.core.enroll.Secrets;
import dev.damm.core.json.DammJson;
import dev.damm.core.model.Device;
import dev.damm.core.model.DeviceState;
import dev.damm.core.model.Gateway;
import dev.damm.core.model.GatewayId;
import dev.damm.core.model.GatewayStatus;
import dev.damm.core.store.DammStore;
import dev.damm.core.store.Publication;
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

/**
 * Builds and signs a gateway's admission set: every active device of the gateway's region, so
 * any gateway of a region can take a device that fails over to it. The serial comes from the
 * store's publication history, which keeps it strictly increasing across servers.
 */
public final class AdmissionPublisher {
    /** The DSSE payload type of admission sets. */
    public static final String PAYLOAD_TYPE = "application/vnd.damm.admission+json";
    static final String KIND = "admission";

    private final DammStore store;
    private final Clock clock;
    private final DsseSigner signer;
    private final Duration validFor;

    public AdmissionPublisher(DammStore store, Clock clock, SigningKey admissionKey, Duration validFor) {
        this.store = Require.nonNull("store", store);
        this.clock = Require.nonNull("clock", clock);
        this.signer = new DsseSigner(PAYLOAD_TYPE, Require.nonNull("admissionKey", admissionKey));
        this.validFor = Require.nonNull("validFor", validFor);
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
        Instant now = clock.instant();
        return store.inTransaction(tx -> {
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
            long serial = tx.publications().lastSerial(KIND, gatewayId.value()).orElse(0) + 1;
            AdmissionSet set = new AdmissionSet(gatewayId.value(), serial, now, now.plus(validFor), peers);
            DsseEnvelope envelope = signer.sign(DammJson.write(set));
            // The recorded digest is of the content (who is admitted), not of the envelope, as for catalogs.
            tx.publications().record(new Publication(KIND, gatewayId.value(), serial, Secrets.sha256Hex(DammJson.write(peers)), now));
            return new Signed(set, envelope);
        });
    }
}
