package dev.damm.core.catalog;

import static dev.damm.core.trust.TestKeys.key;
import static dev.damm.core.trust.TestKeys.root;
import static dev.damm.core.trust.TestKeys.signRoot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.core.trust.TestKeys;
import dev.damm.core.trust.DsseEnvelope;
import dev.damm.core.trust.DsseSignature;
import dev.damm.core.trust.DsseSigner;
import dev.damm.core.trust.Ed25519SigningKey;
import dev.damm.core.trust.InMemoryTrustStore;
import dev.damm.core.trust.KeyQuorum;
import dev.damm.core.trust.RejectionReason;
import dev.damm.core.trust.RootDocument;
import dev.damm.core.trust.TrustStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class CatalogVerifierTest {
    /** Every reason a test below produced; the last test checks none was left out. */
    private static final Set<RejectionReason> SEEN = EnumSet.noneOf(RejectionReason.class);

    private final CatalogTestRig rig = new CatalogTestRig();
    private final TrustStore store = rig.newStore();
    private final CatalogVerifier verifier = rig.verifier(store);

    private static Verification.Rejected rejected(Verification v, RejectionReason expected) {
        Verification.Rejected r = assertInstanceOf(Verification.Rejected.class, v);
        assertEquals(expected, r.reason(), r.detail());
        SEEN.add(r.reason());
        return r;
    }

    @AfterAll
    static void everyRejectionReasonIsCovered() {
        // The two reasons only an admission delta can have are covered by AdmissionDeltaTest.
        assertEquals(EnumSet.complementOf(EnumSet.of(RejectionReason.BASE_MISMATCH, RejectionReason.DIGEST_MISMATCH)), SEEN);
    }

    @Test
    void acceptsAFreshCatalogAndRecordsItsSerial() {
        Verification.Trusted t = assertInstanceOf(Verification.Trusted.class, verifier.verify(rig.signed(5)));
        assertEquals(5, t.catalog().serial());
        assertFalse(t.stale());
        assertEquals(Set.of(rig.catalogKey.keyId()), t.signers());
        assertEquals(1, t.rootVersion());
        assertEquals(5, store.lastAccepted("eu-central/standard").orElseThrow().serial());
    }

    @Test
    void verifyingTheSameCatalogAgainIsFine() {
        byte[] env = rig.signed(5);
        assertTrue(verifier.verify(env).trusted());
        assertTrue(verifier.verify(env).trusted());
    }

    @Test
    void aCatalogPastFreshUntilIsTrustedButStale() {
        byte[] env = rig.signed(5);
        rig.clock.advance(Duration.ofHours(2));
        assertTrue(assertInstanceOf(Verification.Trusted.class, verifier.verify(env)).stale());
    }

    @Test
    void garbageIsMalformed() {
        rejected(verifier.verify("{\"payloadType\":".getBytes(StandardCharsets.UTF_8)), RejectionReason.MALFORMED);
    }

    @Test
    void aProperlySignedPayloadThatIsNotACatalogIsMalformed() {
        byte[] env = new DsseSigner(Catalog.PAYLOAD_TYPE, rig.catalogKey).sign("{\"serial\":1}".getBytes(StandardCharsets.UTF_8)).toJson();
        Verification.Rejected r = rejected(verifier.verify(env), RejectionReason.MALFORMED);
        assertTrue(r.detail().startsWith("scope:"), r.detail());
    }

    @Test
    void anEnvelopeOverTheLimitIsRejectedBeforeParsing() {
        byte[] huge = new byte[CatalogVerifier.DEFAULT_MAX_BYTES + 1];
        Arrays.fill(huge, (byte) '{');
        rejected(verifier.verify(huge), RejectionReason.OVERSIZED);
    }

    @Test
    void theLimitIsConfigurable() {
        CatalogVerifier small = CatalogVerifier.builder(store, CatalogTestRig.SCOPE).clock(rig.clock).maxBytes(1000).build();
        rejected(small.verify(rig.signed(5)), RejectionReason.OVERSIZED);
    }

    @Test
    void aRootEnvelopeOfferedAsACatalogHasTheWrongPayloadType() {
        rejected(verifier.verify(rig.rootV1Envelope), RejectionReason.WRONG_PAYLOAD_TYPE);
    }

    @Test
    void aCatalogSignedByAnUnknownKeyIsRejected() {
        rejected(verifier.verify(rig.signed(5, key(77))), RejectionReason.UNKNOWN_KEY);
    }

    @Test
    void aCatalogSignedByARootKeyRatherThanTheCatalogKeyIsRejected() {
        rejected(verifier.verify(rig.signed(5, rig.root1)), RejectionReason.UNKNOWN_KEY);
    }

    @Test
    void aCatalogWhosePayloadWasAlteredHasABadSignature() {
        DsseEnvelope env = DsseEnvelope.parse(rig.signed(5));
        String altered = new String(env.payload(), StandardCharsets.UTF_8).replace("203.0.0.1", "198.51.100.66");
        DsseEnvelope forged = new DsseEnvelope(env.payloadType(), altered.getBytes(StandardCharsets.UTF_8), env.signatures());
        rejected(verifier.verify(forged.toJson()), RejectionReason.BAD_SIGNATURE);
    }

    @Test
    void aCatalogBelowTheCatalogThresholdIsRejected() {
        Ed25519SigningKey second = key(21);
        RootDocument twoKeys = RootDocument.builder().version(1).expires(CatalogTestRig.ROOT_EXPIRES)
                .rootKeys(rig.rootV1.rootKeys())
                .catalogKeys(KeyQuorum.of(2, rig.catalogKey.publicKey(), second.publicKey()))
                .build();
        TrustStore strict = new InMemoryTrustStore(TestKeys.pin(signRoot(twoKeys, List.of(rig.root1, rig.root2))));
        CatalogVerifier v = rig.verifier(strict);
        rejected(v.verify(rig.signed(5)), RejectionReason.BELOW_THRESHOLD);
        assertTrue(v.verify(rig.signed(5, rig.catalogKey, second)).trusted());
    }

    @Test
    void aCatalogPastValidUntilIsExpired() {
        byte[] env = rig.signed(5);
        rig.clock.advance(Duration.ofDays(1));
        rejected(verifier.verify(env), RejectionReason.EXPIRED);
    }

    @Test
    void aCatalogIssuedBeyondTheClockSkewIsNotYetValid() {
        Instant clientTime = rig.clock.instant();
        rig.clock.advance(Duration.ofMinutes(6));
        byte[] env = rig.signed(5);
        rig.clock.set(clientTime);
        Verification.Rejected r = rejected(verifier.verify(env), RejectionReason.NOT_YET_VALID);
        assertTrue(r.detail().startsWith("issuedAt:"), r.detail());
    }

    @Test
    void aCatalogIssuedWithinTheClockSkewIsAccepted() {
        Instant clientTime = rig.clock.instant();
        rig.clock.advance(Duration.ofMinutes(4));
        byte[] env = rig.signed(5);
        rig.clock.set(clientTime);
        assertTrue(verifier.verify(env).trusted());
    }

    @Test
    void aLowerSerialThanTheLastAcceptedIsARollback() {
        byte[] older = rig.signed(5);
        assertTrue(verifier.verify(rig.signed(6)).trusted());
        Verification.Rejected r = rejected(verifier.verify(older), RejectionReason.ROLLBACK);
        assertTrue(r.detail().contains("below the last accepted 6"), r.detail());
    }

    @Test
    void theSameSerialWithDifferentContentIsARollback() {
        assertTrue(verifier.verify(rig.signed(6)).trusted());
        rig.clock.advance(Duration.ofMinutes(1));
        rejected(verifier.verify(rig.signed(6)), RejectionReason.ROLLBACK);
    }

    @Test
    void aNewerSerialRecordedConcurrentlyByAnotherVerifierTurnsIntoARollback() {
        TrustStore racing = new StaleReadTrustStore(store);
        assertTrue(verifier.verify(rig.signed(6)).trusted());
        // The serial is decided by the store's compare-and-set, not by what the verifier read.
        Verification.Rejected r = rejected(rig.verifier(racing).verify(rig.signed(5)), RejectionReason.ROLLBACK);
        assertTrue(r.detail().contains("below the last accepted 6"), r.detail());
    }

    /** A store whose reads lag behind its writes, as if another verifier raced this one. */
    private static final class StaleReadTrustStore implements TrustStore {
        private final TrustStore inner;

        StaleReadTrustStore(TrustStore inner) {
            this.inner = inner;
        }

        @Override
        public dev.damm.core.trust.TrustedRoot root() {
            return inner.root();
        }

        @Override
        public void replaceRoot(dev.damm.core.trust.TrustedRoot newer) {
            inner.replaceRoot(newer);
        }

        @Override
        public java.util.Optional<dev.damm.core.trust.AcceptedSerial> lastAccepted(String scope) {
            return java.util.Optional.empty();
        }

        @Override
        public dev.damm.core.trust.Acceptance accept(String scope, dev.damm.core.trust.AcceptedSerial candidate, int rootVersion) {
            return inner.accept(scope, candidate, rootVersion);
        }
    }

    @Test
    void aCatalogForAnotherScopeIsAScopeMismatch() {
        byte[] other = rig.catalog(5).scope(CatalogScope.of("us-east", "standard")).sign(rig.catalogKey).toJson();
        rejected(verifier.verify(other), RejectionReason.SCOPE_MISMATCH);
        byte[] otherTier = rig.catalog(5).scope(CatalogScope.of("eu-central", "free")).sign(rig.catalogKey).toJson();
        rejected(verifier.verify(otherTier), RejectionReason.SCOPE_MISMATCH);
    }

    @Test
    void aNewerRootThatDoesNotChainIsABrokenChain() {
        RootDocument v2 = root(2, CatalogTestRig.ROOT_EXPIRES, 1, List.of(key(66)), List.of(key(67)));
        byte[] forged = signRoot(v2, List.of(key(66)));
        Verification.Rejected r = rejected(verifier.verify(rig.signed(5, key(67)), List.of(forged)), RejectionReason.ROOT_CHAIN_BROKEN);
        assertTrue(r.detail().startsWith("roots: root_chain_broken:"), r.detail());
        assertEquals(1, store.root().version());
    }

    @Test
    void anExpiredRootRejectsEvenAWellSignedCatalog() {
        rig.clock.set(CatalogTestRig.ROOT_EXPIRES.plusSeconds(1));
        rejected(verifier.verify(rig.signed(5)), RejectionReason.ROOT_EXPIRED);
    }

    @Test
    void anExpiredRootIsCuredByFetchingItsSuccessor() {
        rig.clock.set(CatalogTestRig.ROOT_EXPIRES.plusSeconds(1));
        RootDocument v2 = rig.rootV1.toNextVersion().expires(CatalogTestRig.ROOT_EXPIRES.plus(Duration.ofDays(365))).build();
        byte[] rootV2 = signRoot(v2, List.of(rig.root2, rig.root3));
        Verification.Trusted t = assertInstanceOf(Verification.Trusted.class, verifier.verify(rig.signed(5), List.of(rootV2)));
        assertEquals(2, t.rootVersion());
    }

    @Test
    void rejectedDetailNamesAFieldAndReasonCodesAreStable() {
        Verification.Rejected r = rejected(verifier.verify(rig.signed(5, key(77))), RejectionReason.UNKNOWN_KEY);
        assertTrue(r.detail().startsWith("envelope.signatures:"), r.detail());
        assertEquals("unknown_key", r.reason().code());
        assertEquals(RejectionReason.ROOT_CHAIN_BROKEN, RejectionReason.fromCode("root_chain_broken"));
    }

    @Test
    void aSignatureEntryWithAnEmptyKeyIdIsMalformed() {
        DsseEnvelope env = DsseEnvelope.parse(rig.signed(5));
        String json = new String(env.toJson(), StandardCharsets.UTF_8)
                .replace(rig.catalogKey.keyId().value(), "");
        rejected(verifier.verify(json.getBytes(StandardCharsets.UTF_8)), RejectionReason.MALFORMED);
        assertTrue(new DsseSignature("x", new byte[64]).keyId().equals("x"));
    }
}
