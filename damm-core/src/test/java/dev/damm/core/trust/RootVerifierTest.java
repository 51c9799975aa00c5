package dev.damm.core.trust;

import static dev.damm.core.trust.TestKeys.key;
import static dev.damm.core.trust.TestKeys.pin;
import static dev.damm.core.trust.TestKeys.root;
import static dev.damm.core.trust.TestKeys.signRoot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RootVerifierTest {
    private static final Instant EXPIRES = Instant.parse("2027-01-01T00:00:00Z");
    private final Ed25519SigningKey r1 = key(1);
    private final Ed25519SigningKey r2 = key(2);
    private final Ed25519SigningKey r3 = key(3);
    private final Ed25519SigningKey r4 = key(4);
    private final Ed25519SigningKey catalog1 = key(21);
    private final Ed25519SigningKey catalog2 = key(22);
    private final Ed25519SigningKey attacker1 = key(66);
    private final Ed25519SigningKey attacker2 = key(67);
    private final RootVerifier verifier = new RootVerifier();
    private final RootDocument v1 = root(1, EXPIRES, 2, List.of(r1, r2, r3), List.of(catalog1));
    private final TrustedRoot pinned = pin(signRoot(v1, List.of(r1, r2)));

    private static RootUpdate.Rejected rejected(RootUpdate u) {
        return assertInstanceOf(RootUpdate.Rejected.class, u);
    }

    @Test
    void rootDocumentSurvivesAJsonRoundTrip() {
        RootDocument back = RootDocument.fromJson(v1.toJson());
        assertEquals(v1, back);
        assertEquals(2, back.rootKeys().threshold());
        assertEquals(catalog1.publicKey(), back.catalogKeys().keys().get(0));
    }

    @Test
    void pinningRequiresTheRootsOwnThreshold() {
        assertEquals(RejectionReason.BELOW_THRESHOLD, rejected(verifier.pin(signRoot(v1, List.of(r1)))).reason());
        assertEquals(1, assertInstanceOf(RootUpdate.Accepted.class, verifier.pin(signRoot(v1, List.of(r2, r3)))).root().version());
    }

    @Test
    void acceptsTheNextVersionSignedByBothThresholds() {
        RootDocument v2 = v1.toNextVersion().expires(EXPIRES).catalogKeys(KeyQuorum.single(catalog2.publicKey())).build();
        RootUpdate u = verifier.next(pinned, signRoot(v2, List.of(r1, r3)));
        TrustedRoot now = assertInstanceOf(RootUpdate.Accepted.class, u).root();
        assertEquals(2, now.version());
        assertEquals(catalog2.publicKey(), now.document().catalogKeys().keys().get(0));
    }

    @Test
    void rotatingRootKeysNeedsTheOldAndTheNewThreshold() {
        RootDocument v2 = root(2, EXPIRES, 2, List.of(r2, r3, r4), List.of(catalog1));
        // r1+r2 satisfy root 1 but only one (r2) of root 2's keys.
        assertEquals(RejectionReason.ROOT_CHAIN_BROKEN, rejected(verifier.next(pinned, signRoot(v2, List.of(r1, r2)))).reason());
        // r3+r4 satisfy root 2 but only one (r3) of root 1's keys.
        assertEquals(RejectionReason.ROOT_CHAIN_BROKEN, rejected(verifier.next(pinned, signRoot(v2, List.of(r3, r4)))).reason());
        assertTrue(verifier.next(pinned, signRoot(v2, List.of(r2, r3))).accepted());
    }

    @Test
    void anAttackerHoldingOneOfThreeRootKeysCannotProduceAnAcceptedRoot() {
        // Every root the attacker can sign: own keys plus the one stolen root key, any threshold.
        List<RootDocument> attempts = List.of(
                root(2, EXPIRES, 1, List.of(r1), List.of(attacker1)),
                root(2, EXPIRES, 1, List.of(r1, attacker1), List.of(attacker1)),
                root(2, EXPIRES, 2, List.of(r1, attacker1, attacker2), List.of(attacker1)),
                root(2, EXPIRES, 2, List.of(r1, r2, r3), List.of(attacker1)));
        for (RootDocument forged : attempts) {
            RootUpdate u = verifier.next(pinned, signRoot(forged, List.of(r1, attacker1, attacker2)));
            RootUpdate.Rejected r = rejected(u);
            assertEquals(RejectionReason.ROOT_CHAIN_BROKEN, r.reason());
            assertTrue(r.detail().contains("root v1"), r.detail());
        }
    }

    @Test
    void aRootThatSkipsAVersionIsRefused() {
        RootDocument v3 = root(3, EXPIRES, 2, List.of(r1, r2, r3), List.of(catalog2));
        RootUpdate.Rejected r = rejected(verifier.next(pinned, signRoot(v3, List.of(r1, r2))));
        assertEquals(RejectionReason.ROOT_CHAIN_BROKEN, r.reason());
        assertTrue(r.detail().startsWith("root.version: expected 2"), r.detail());
    }

    @Test
    void replayingTheCurrentRootAsItsSuccessorIsRefused() {
        assertEquals(RejectionReason.ROOT_CHAIN_BROKEN, rejected(verifier.next(pinned, pinned.envelope())).reason());
    }

    @Test
    void followWalksSeveralVersionsAndSkipsOnesAlreadyHeld() {
        RootDocument v2 = root(2, EXPIRES, 2, List.of(r1, r2, r3), List.of(catalog2));
        RootDocument v3 = root(3, EXPIRES, 2, List.of(r2, r3, r4), List.of(catalog2));
        List<byte[]> published = List.of(pinned.envelope(), signRoot(v2, List.of(r1, r2)), signRoot(v3, List.of(r2, r3)));
        assertEquals(3, assertInstanceOf(RootUpdate.Accepted.class, verifier.follow(pinned, published)).root().version());
    }

    @Test
    void anExpiredIntermediateRootStillVouchesForItsSuccessor() {
        RootDocument v1Expired = root(1, Instant.parse("2020-01-01T00:00:00Z"), 2, List.of(r1, r2, r3), List.of(catalog1));
        TrustedRoot old = pin(signRoot(v1Expired, List.of(r1, r2)));
        RootDocument v2 = root(2, EXPIRES, 2, List.of(r1, r2, r3), List.of(catalog2));
        assertTrue(verifier.next(old, signRoot(v2, List.of(r1, r2))).accepted());
    }

    @Test
    void aCatalogEnvelopeOfferedAsARootHasTheWrongPayloadType() {
        byte[] env = new DsseSigner("application/vnd.damm.catalog+json", List.of(r1, r2)).sign(v1.toJson()).toJson();
        assertEquals(RejectionReason.WRONG_PAYLOAD_TYPE, rejected(verifier.next(pinned, env)).reason());
    }

    @Test
    void aRootWhoseKeyIdDisagreesWithItsKeyIsMalformed() {
        String json = new String(v1.toJson(), StandardCharsets.UTF_8).replace(r1.keyId().value(), r4.keyId().value());
        byte[] env = new DsseSigner(RootDocument.PAYLOAD_TYPE, List.of(r1, r2)).sign(json.getBytes(StandardCharsets.UTF_8)).toJson();
        RootUpdate.Rejected r = rejected(verifier.pin(env));
        assertEquals(RejectionReason.MALFORMED, r.reason());
        assertTrue(r.detail().startsWith("root.keys.keyId:"), r.detail());
    }

    @Test
    void anOversizedRootIsRefusedBeforeParsing() {
        assertEquals(RejectionReason.OVERSIZED, rejected(new RootVerifier(10).pin(signRoot(v1, List.of(r1, r2)))).reason());
    }
}
