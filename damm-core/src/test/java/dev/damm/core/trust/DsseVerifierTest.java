package dev.damm.core.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DsseVerifierTest {
    private static final String TYPE = "application/vnd.damm.admission+json";
    private static final byte[] PAYLOAD = "{\"devices\":[]}".getBytes(StandardCharsets.UTF_8);
    private final Ed25519SigningKey a = TestKeys.key(1);
    private final Ed25519SigningKey b = TestKeys.key(2);
    private final Ed25519SigningKey c = TestKeys.key(3);
    private final Ed25519SigningKey stranger = TestKeys.key(99);
    private final DsseVerifier twoOfThree = new DsseVerifier(TYPE, KeyQuorum.of(2, a.publicKey(), b.publicKey(), c.publicKey()));

    private static DsseVerification.Rejected rejected(DsseVerification v) {
        return assertInstanceOf(DsseVerification.Rejected.class, v);
    }

    @Test
    void acceptsWhenThresholdOfDistinctTrustedKeysSigned() {
        byte[] env = new DsseSigner(TYPE, List.of(a, c)).sign(PAYLOAD).toJson();
        DsseVerification.Verified v = assertInstanceOf(DsseVerification.Verified.class, twoOfThree.verify(env));
        assertEquals(Set.of(a.keyId(), c.keyId()), v.signers());
    }

    @Test
    void extraSignatureByUnknownKeyDoesNotHurt() {
        byte[] env = new DsseSigner(TYPE, List.of(stranger, a, b)).sign(PAYLOAD).toJson();
        assertTrue(twoOfThree.verify(env).verified());
    }

    @Test
    void rejectsSignaturesOnlyFromUnknownKeysAsUnknownKey() {
        byte[] env = new DsseSigner(TYPE, stranger).sign(PAYLOAD).toJson();
        assertEquals(RejectionReason.UNKNOWN_KEY, rejected(twoOfThree.verify(env)).reason());
    }

    @Test
    void rejectsOneValidSignatureOfThresholdTwoAsBelowThreshold() {
        byte[] env = new DsseSigner(TYPE, List.of(a, stranger)).sign(PAYLOAD).toJson();
        assertEquals(RejectionReason.BELOW_THRESHOLD, rejected(twoOfThree.verify(env)).reason());
    }

    @Test
    void theSameKeySigningTwiceCountsOnce() {
        DsseEnvelope once = new DsseSigner(TYPE, a).sign(PAYLOAD);
        DsseEnvelope twice = once.withSignatures(once.signatures());
        assertEquals(RejectionReason.BELOW_THRESHOLD, rejected(twoOfThree.verify(twice)).reason());
    }

    @Test
    void rejectsATamperedSignatureFromATrustedKeyAsBadSignature() {
        DsseEnvelope env = new DsseSigner(TYPE, List.of(a, b)).sign(PAYLOAD);
        byte[] sig = env.signatures().get(1).sig();
        sig[5] ^= 1;
        DsseEnvelope tampered = new DsseEnvelope(TYPE, PAYLOAD, List.of(env.signatures().get(0), new DsseSignature(b.keyId().value(), sig)));
        assertEquals(RejectionReason.BAD_SIGNATURE, rejected(twoOfThree.verify(tampered.toJson())).reason());
    }

    @Test
    void rejectsAPayloadChangedAfterSigningAsBadSignature() {
        DsseEnvelope env = new DsseSigner(TYPE, List.of(a, b)).sign(PAYLOAD);
        byte[] other = PAYLOAD.clone();
        other[2] = 'D';
        DsseEnvelope swapped = new DsseEnvelope(TYPE, other, env.signatures());
        assertEquals(RejectionReason.BAD_SIGNATURE, rejected(twoOfThree.verify(swapped.toJson())).reason());
    }

    @Test
    void aBadSignatureIsToleratedWhenTheValidOnesMeetTheThreshold() {
        DsseEnvelope env = new DsseSigner(TYPE, List.of(a, b)).sign(PAYLOAD);
        byte[] sig = env.signatures().get(0).sig();
        sig[0] ^= 1;
        List<DsseSignature> sigs = new ArrayList<>(env.signatures());
        sigs.add(0, new DsseSignature(c.keyId().value(), sig));
        assertTrue(twoOfThree.verify(new DsseEnvelope(TYPE, PAYLOAD, sigs)).verified());
    }

    @Test
    void rejectsAnotherPayloadTypeEvenWhenProperlySigned() {
        byte[] env = new DsseSigner("application/vnd.damm.catalog+json", List.of(a, b)).sign(PAYLOAD).toJson();
        assertEquals(RejectionReason.WRONG_PAYLOAD_TYPE, rejected(twoOfThree.verify(env)).reason());
    }

    @Test
    void signaturesDoNotTransferBetweenPayloadTypes() {
        DsseEnvelope env = new DsseSigner("application/other", List.of(a, b)).sign(PAYLOAD);
        DsseEnvelope relabelled = new DsseEnvelope(TYPE, PAYLOAD, env.signatures());
        assertEquals(RejectionReason.BAD_SIGNATURE, rejected(twoOfThree.verify(relabelled)).reason());
    }

    @Test
    void rejectsOversizedInputBeforeParsingIt() {
        byte[] junk = new byte[101];
        DsseVerification.Rejected r = rejected(new DsseVerifier(TYPE, KeyQuorum.single(a.publicKey()), 100).verify(junk));
        assertEquals(RejectionReason.OVERSIZED, r.reason());
        assertTrue(r.detail().contains("101"), r.detail());
    }

    @Test
    void rejectsGarbageAsMalformed() {
        assertEquals(RejectionReason.MALFORMED, rejected(twoOfThree.verify("not json".getBytes(StandardCharsets.UTF_8))).reason());
        assertEquals(RejectionReason.MALFORMED, rejected(twoOfThree.verify((byte[]) null)).reason());
    }
}
