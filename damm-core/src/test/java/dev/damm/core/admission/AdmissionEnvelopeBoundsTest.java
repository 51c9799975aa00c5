package dev.damm.core.admission;

import static dev.damm.core.trust.TestKeys.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.core.json.DammJson;
import dev.damm.core.testing.FakeClock;
import dev.damm.core.trust.DsseSigner;
import dev.damm.core.trust.Ed25519SigningKey;
import dev.damm.core.trust.KeyQuorum;
import dev.damm.core.trust.RejectionReason;
import dev.damm.spi.net.IpNetwork;
import dev.damm.spi.wireguard.WireGuardKey;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Bounds before work on admission envelopes. Runs in its own surefire execution with
 * {@code -Xmx256m} (see damm-core's pom), so the heap cap is real: an envelope of 250 MiB with
 * millions of signatures must be refused without being held, and a set at the documented maximum
 * must still pass.
 */
@Tag("small-heap")
class AdmissionEnvelopeBoundsTest {
    private static final long HUGE = 250L * 1024 * 1024;
    private static final byte[] HEAD = ("{\"payloadType\":\"" + AdmissionPublisher.PAYLOAD_TYPE + "\",\"payload\":\"\",\"signatures\":[")
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SIG = "{\"keyid\":\"k\",\"sig\":\"AAAA\"},".getBytes(StandardCharsets.US_ASCII);

    private final FakeClock clock = FakeClock.at("2026-11-21T10:00:00Z");
    private final Ed25519SigningKey admissionKey = key(40);

    private AdmissionVerifier gateway() {
        return AdmissionVerifier.builder(KeyQuorum.single(admissionKey.publicKey()), "gw-a", AdmissionTrustStore.inMemory()).clock(clock).build();
    }

    /** {@code HEAD} then {@code SIG} repeated up to {@code length} bytes, generated as read and counted. */
    private static final class SignatureFlood extends InputStream {
        private final long length;
        long served;

        SignatureFlood(long length) {
            this.length = length;
        }

        private int at(long i) {
            return i < HEAD.length ? HEAD[(int) i] : SIG[(int) ((i - HEAD.length) % SIG.length)];
        }

        @Override
        public int read() {
            return served < length ? at(served++) : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (served >= length) {
                return -1;
            }
            int n = (int) Math.min(len, length - served);
            for (int i = 0; i < n; i++) {
                b[off + i] = (byte) at(served++);
            }
            return n;
        }
    }

    @Test
    void theTestRunsUnderA256MiBHeap() {
        assertTrue(Runtime.getRuntime().maxMemory() <= 256L * 1024 * 1024,
                "this class runs in the surefire execution 'admission-bounds' with -Xmx256m, had " + Runtime.getRuntime().maxMemory());
    }

    @Test
    void a250MiBEnvelopeOfMillionsOfSignaturesIsRefusedWithoutBeingHeld() {
        SignatureFlood flood = new SignatureFlood(HUGE);
        long signatures = (HUGE - HEAD.length) / SIG.length;
        assertTrue(signatures > 9_000_000, "signatures in the envelope: " + signatures);
        AdmissionCheck.Rejected r = assertInstanceOf(AdmissionCheck.Rejected.class, gateway().verify(flood));
        assertEquals(RejectionReason.OVERSIZED, r.reason());
        assertEquals(ErrorCodeOf.PAYLOAD_TOO_LARGE, ErrorCodeOf.of(r));
        // Read no further than one byte past the limit, which is far below the heap.
        assertEquals(AdmissionVerifier.MAX_BYTES + 1L, flood.served);
        assertTrue(AdmissionVerifier.MAX_BYTES < 32 * 1024 * 1024, "limit " + AdmissionVerifier.MAX_BYTES);
    }

    @Test
    void anEnvelopeJustUnderTheLimitFullOfSignaturesIsRefusedAtTheSixtyFifth() {
        byte[] bytes = new byte[AdmissionVerifier.MAX_BYTES];
        SignatureFlood flood = new SignatureFlood(bytes.length);
        assertEquals(bytes.length, flood.read(bytes, 0, bytes.length));
        // Damage the JSON well after the 65th signature: a parser that read on would report that instead.
        Arrays.fill(bytes, HEAD.length + 100 * SIG.length, HEAD.length + 101 * SIG.length, (byte) '!');
        AdmissionCheck.Rejected r = assertInstanceOf(AdmissionCheck.Rejected.class, gateway().verify(bytes));
        assertEquals(RejectionReason.MALFORMED, r.reason());
        assertTrue(r.detail().contains("at most 64 signatures"), r.detail());
    }

    @Test
    void aLegitimateSetAtTheDocumentedMaximumIsAccepted() {
        Instant now = clock.instant();
        List<AdmissionSet.AdmittedPeer> peers = new ArrayList<>(AdmissionSet.MAX_PEERS);
        List<IpNetwork> widest = List.of(
                IpNetwork.parse("fd12:3456:789a:bcde:f012:3456:789a:bcd1/128"), IpNetwork.parse("fd12:3456:789a:bcde:f012:3456:789a:bcd2/128"),
                IpNetwork.parse("fd12:3456:789a:bcde:f012:3456:789a:bcd3/128"), IpNetwork.parse("fd12:3456:789a:bcde:f012:3456:789a:bcd4/128"));
        for (int i = 0; i < AdmissionSet.MAX_PEERS; i++) {
            byte[] k = new byte[32];
            k[0] = (byte) i;
            k[1] = (byte) (i >> 8);
            k[2] = (byte) (i >> 16);
            String id = String.format("%064d", i);
            peers.add(new AdmissionSet.AdmittedPeer(id, WireGuardKey.ofBytes(k), widest));
        }
        AdmissionSet set = new AdmissionSet("g".repeat(64), Long.MAX_VALUE, now.plusNanos(123_456_789), now.plus(Duration.ofHours(24)).plusNanos(987_654_321), peers);
        byte[] payload = DammJson.write(set);
        assertTrue(payload.length <= AdmissionSet.MAX_PAYLOAD_BYTES, payload.length + " > " + AdmissionSet.MAX_PAYLOAD_BYTES);
        // The bound is tight: the widest set fills all but a sliver of it.
        assertTrue(payload.length > AdmissionSet.MAX_PAYLOAD_BYTES - AdmissionSet.MAX_HEADER_JSON_BYTES, "payload " + payload.length);
        byte[] envelope = new DsseSigner(AdmissionPublisher.PAYLOAD_TYPE, admissionKey).sign(payload).toJson();
        assertTrue(envelope.length <= AdmissionVerifier.MAX_BYTES, envelope.length + " > " + AdmissionVerifier.MAX_BYTES);
        payload = null;
        AdmissionVerifier gw = AdmissionVerifier.builder(KeyQuorum.single(admissionKey.publicKey()), "g".repeat(64), AdmissionTrustStore.inMemory())
                .clock(clock).build();
        AdmissionCheck.Accepted ok = assertInstanceOf(AdmissionCheck.Accepted.class, gw.verify(envelope));
        assertEquals(AdmissionSet.MAX_PEERS, ok.set().peers().size());
    }

    /** The error code an API answers a rejection with. */
    private enum ErrorCodeOf {
        PAYLOAD_TOO_LARGE;

        static ErrorCodeOf of(AdmissionCheck.Rejected r) {
            return ErrorCodeOf.valueOf(r.reason().errorCode().name());
        }
    }
}
