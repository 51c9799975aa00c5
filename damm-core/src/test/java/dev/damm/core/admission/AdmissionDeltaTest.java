package dev.damm.core.admission;

import static dev.damm.core.store.StoreFixtures.GATEWAY;
import static dev.damm.core.store.StoreFixtures.device;
import static dev.damm.core.store.StoreFixtures.deviceKey;
import static dev.damm.core.store.StoreFixtures.gateway;
import static dev.damm.core.store.StoreFixtures.withState;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.core.json.DammJson;
import dev.damm.core.model.DeviceState;
import dev.damm.core.model.GatewayId;
import dev.damm.core.store.DammStore;
import dev.damm.core.store.InMemoryStore;
import dev.damm.core.testing.FakeClock;
import dev.damm.core.trust.AcceptedSerial;
import dev.damm.core.trust.DsseSigner;
import dev.damm.core.trust.Ed25519SigningKey;
import dev.damm.core.trust.KeyQuorum;
import dev.damm.core.trust.RejectionReason;
import dev.damm.core.trust.TestKeys;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signed admission deltas: publisher history, the gateway's rules for applying them, and their size. */
class AdmissionDeltaTest {
    private static final String GW = GATEWAY.value();
    private final FakeClock clock = FakeClock.at("2026-11-21T10:00:00Z");
    private final Ed25519SigningKey key = TestKeys.key(41);
    private final DammStore store = new InMemoryStore();
    private final AdmissionPublisher publisher = new AdmissionPublisher(store, clock, key, Duration.ofHours(24));

    @TempDir
    Path dir;

    AdmissionDeltaTest() {
        store.inTransaction(tx -> {
            tx.gateways().insert(gateway(1));
            return null;
        });
    }

    private void addDevices(long from, long to) {
        store.inTransaction(tx -> {
            for (long n = from; n < to; n++) {
                tx.devices().insert(device(n));
            }
            return null;
        });
    }

    private void revoke(long n) {
        store.inTransaction(tx -> {
            tx.devices().update(withState(tx.devices().find(device(n).id()).orElseThrow(), DeviceState.REVOKED));
            return null;
        });
    }

    private void rotateKey(long n) {
        store.inTransaction(tx -> {
            tx.devices().update(tx.devices().find(device(n).id()).orElseThrow().toBuilder().publicKey(deviceKey(n + 1_000_000)).build());
            return null;
        });
    }

    private AdmissionVerifier gatewayOn(AdmissionTrustStore trust) {
        return gatewayOn(trust, Duration.ZERO);
    }

    private AdmissionVerifier gatewayOn(AdmissionTrustStore trust, Duration grace) {
        return AdmissionVerifier.builder(KeyQuorum.single(key.publicKey()), GW, trust).clock(clock).outageGrace(grace).build();
    }

    private AdmissionUpdate.Delta delta(long since) {
        return assertInstanceOf(AdmissionUpdate.Delta.class, publisher.since(GATEWAY, OptionalLong.of(since)));
    }

    private static AdmissionSet accepted(AdmissionCheck c) {
        return assertInstanceOf(AdmissionCheck.Accepted.class, c, () -> c.toString()).set();
    }

    private static RejectionReason reason(AdmissionCheck c) {
        return assertInstanceOf(AdmissionCheck.Rejected.class, c).reason();
    }

    private byte[] sign(AdmissionDelta d) {
        return sign(DammJson.write(d), key);
    }

    private static byte[] sign(byte[] payload, Ed25519SigningKey signer) {
        return new DsseSigner(AdmissionPublisher.DELTA_PAYLOAD_TYPE, signer).sign(payload).toJson();
    }

    /** A gateway holding set 1 of three devices, and the publisher at set 2 (one added, one revoked, one key rotated). */
    private AdmissionVerifier gatewayAtOneWithTwoPublished(AdmissionTrustStore trust) {
        addDevices(1, 4);
        AdmissionVerifier gw = gatewayOn(trust);
        accepted(gw.verify(assertInstanceOf(AdmissionUpdate.Full.class, publisher.since(GATEWAY, OptionalLong.empty())).toJson()));
        addDevices(4, 5);
        revoke(1);
        rotateKey(2);
        publisher.publish(GATEWAY);
        return gw;
    }

    @Test
    void aDeltaAppliedToTheHeldSetYieldsExactlyTheFullSet() {
        AdmissionVerifier gw = gatewayAtOneWithTwoPublished(AdmissionTrustStore.inMemory());
        AdmissionUpdate.Delta d = delta(1);
        assertEquals(1, d.delta().baseSerial());
        assertEquals(2, d.delta().serial());
        assertEquals(List.of(device(2).id().value(), device(4).id().value()),
                d.delta().changed().stream().map(AdmissionSet.AdmittedPeer::deviceId).toList());
        assertEquals(List.of(device(1).id().value()), d.delta().removed());

        AdmissionSet applied = accepted(gw.verifyDelta(d.toJson()));
        AdmissionSet full = assertInstanceOf(AdmissionUpdate.Full.class, publisher.since(GATEWAY, OptionalLong.empty())).signed().set();
        assertEquals(full, applied);
        assertEquals(applied, assertInstanceOf(AdmissionState.Apply.class, gw.state()).set());
        assertEquals(2, gw.state() instanceof AdmissionState.Apply a ? a.set().serial() : -1);
        // The full set of the same serial is the same content: accepted again, not a rollback.
        accepted(gw.verify(assertInstanceOf(AdmissionUpdate.Full.class, publisher.since(GATEWAY, OptionalLong.empty())).toJson()));
        assertEquals(new AdmissionUpdate.UpToDate(2), publisher.since(GATEWAY, OptionalLong.of(2)));
    }

    @Test
    void aDeltaSpanningSeveralPublicationsComposesTheirSteps() {
        AdmissionVerifier gw = gatewayAtOneWithTwoPublished(AdmissionTrustStore.inMemory());
        addDevices(5, 7);
        revoke(5); // added and removed between the gateway's serial and the newest
        publisher.publish(GATEWAY);
        revoke(4);
        AdmissionSet newest = publisher.publish(GATEWAY).set();
        AdmissionUpdate.Delta d = delta(1);
        assertEquals(4, d.delta().serial());
        assertEquals(newest, accepted(gw.verifyDelta(d.toJson())));
    }

    @Test
    void theSteadyStateDeltaGrowsWithTheChangesNotWithTheRegion() {
        addDevices(1, 10_001);
        AdmissionVerifier gw = gatewayOn(AdmissionTrustStore.inMemory());
        AdmissionUpdate.Full first = assertInstanceOf(AdmissionUpdate.Full.class, publisher.since(GATEWAY, OptionalLong.empty()));
        accepted(gw.verify(first.toJson()));
        addDevices(10_001, 10_002);
        revoke(17);
        rotateKey(4242);
        AdmissionSet full = publisher.publish(GATEWAY).set();
        byte[] three = delta(1).toJson();
        byte[] fullBytes = assertInstanceOf(AdmissionUpdate.Full.class, publisher.since(GATEWAY, OptionalLong.empty())).toJson();
        assertTrue(three.length * 500L < fullBytes.length, three.length + " bytes of delta against " + fullBytes.length + " of full set");
        assertEquals(full, accepted(gw.verifyDelta(three)));

        // The same three changes in a region of ten devices cost as much.
        DammStore small = new InMemoryStore();
        AdmissionPublisher smallPublisher = new AdmissionPublisher(small, clock, key, Duration.ofHours(24));
        small.inTransaction(tx -> {
            tx.gateways().insert(gateway(1));
            for (long n = 1; n <= 10; n++) {
                tx.devices().insert(device(n));
            }
            return null;
        });
        smallPublisher.publish(GATEWAY);
        small.inTransaction(tx -> {
            tx.devices().insert(device(10_001));
            tx.devices().update(withState(device(7), DeviceState.REVOKED));
            tx.devices().update(device(3).toBuilder().publicKey(deviceKey(1_000_003)).build());
            return null;
        });
        smallPublisher.publish(GATEWAY);
        byte[] smallThree = assertInstanceOf(AdmissionUpdate.Delta.class, smallPublisher.since(GATEWAY, OptionalLong.of(1))).toJson();
        assertTrue(Math.abs(smallThree.length - three.length) < 64, smallThree.length + " vs " + three.length);

        // Thirty changes cost about ten times three.
        addDevices(20_000, 20_030);
        publisher.publish(GATEWAY);
        byte[] thirty = delta(2).toJson();
        assertTrue(thirty.length > 5 * three.length, thirty.length + " vs " + three.length);
    }

    @Test
    void aGatewayRefusesADeltaOnAnotherBaseOrWithNothingHeld() {
        AdmissionVerifier gw = gatewayAtOneWithTwoPublished(AdmissionTrustStore.inMemory());
        byte[] oneToTwo = delta(1).toJson();
        publisher.publish(GATEWAY);
        byte[] twoToThree = delta(2).toJson();
        assertEquals(RejectionReason.BASE_MISMATCH, reason(gw.verifyDelta(twoToThree)));
        assertEquals(RejectionReason.BASE_MISMATCH, reason(gatewayOn(AdmissionTrustStore.inMemory()).verifyDelta(oneToTwo)));
        assertEquals(1, assertInstanceOf(AdmissionState.Apply.class, gw.state()).set().serial());

        accepted(gw.verifyDelta(oneToTwo));
        // Replaying the applied delta (or an older one) no longer fits the held set.
        AdmissionCheck.Rejected replay = assertInstanceOf(AdmissionCheck.Rejected.class, gw.verifyDelta(oneToTwo));
        assertEquals(RejectionReason.BASE_MISMATCH, replay.reason());
        assertEquals(ErrorCode.CONFLICT, replay.reason().errorCode());
        assertTrue(replay.detail().startsWith("baseSerial:"), replay.detail());
        accepted(gw.verifyDelta(twoToThree));
    }

    @Test
    void aDeltaOnAHeldSetExpiredBeyondItsGraceIsRefused() {
        AdmissionVerifier gw = gatewayAtOneWithTwoPublished(AdmissionTrustStore.inMemory());
        AdmissionSet held = assertInstanceOf(AdmissionState.Apply.class, gw.state()).set();
        // Re-sign the step 1 -> 2 with a validity that outlives set 1 and its grace.
        AdmissionDelta d = delta(1).delta();
        clock.advance(Duration.ofHours(25));
        AdmissionDelta late = new AdmissionDelta(GW, 1, 2, clock.instant(), clock.instant().plus(Duration.ofHours(24)), d.peersSha256(),
                d.changed(), d.removed());
        AdmissionCheck.Rejected r = assertInstanceOf(AdmissionCheck.Rejected.class, gw.verifyDelta(sign(late)));
        assertEquals(RejectionReason.BASE_MISMATCH, r.reason());
        assertTrue(r.detail().contains("expired"), r.detail());

        // Within the outage grace the same delta applies.
        AdmissionTrustStore graced = AdmissionTrustStore.inMemory();
        AdmissionVerifier patient = gatewayOn(graced, Duration.ofHours(6));
        clock.advance(Duration.ofHours(-25));
        accepted(patient.verify(new DsseSigner(AdmissionPublisher.PAYLOAD_TYPE, key).sign(DammJson.write(held)).toJson()));
        clock.advance(Duration.ofHours(25));
        assertEquals(2, accepted(patient.verifyDelta(sign(late))).serial());
    }

    @Test
    void aDeltaWhoseResultDoesNotMatchItsSignedDigestChangesNothing() {
        AdmissionTrustStore trust = AdmissionTrustStore.inMemory();
        AdmissionVerifier gw = gatewayAtOneWithTwoPublished(trust);
        AdmissionDelta d = delta(1).delta();
        AdmissionDelta wrongDigest = new AdmissionDelta(GW, 1, 2, d.issuedAt(), d.validUntil(), "0".repeat(64), d.changed(), d.removed());
        Optional<AcceptedSerial> before = trust.lastAccepted();
        AdmissionCheck.Rejected r = assertInstanceOf(AdmissionCheck.Rejected.class, gw.verifyDelta(sign(wrongDigest)));
        assertEquals(RejectionReason.DIGEST_MISMATCH, r.reason());
        assertTrue(r.detail().startsWith("peersSha256:"), r.detail());
        // A delta that drops a change it should carry does not match either.
        AdmissionDelta partial = new AdmissionDelta(GW, 1, 2, d.issuedAt(), d.validUntil(), d.peersSha256(), d.changed(), List.of());
        assertEquals(RejectionReason.DIGEST_MISMATCH, reason(gw.verifyDelta(sign(partial))));
        assertEquals(before, trust.lastAccepted());
        assertEquals(1, assertInstanceOf(AdmissionState.Apply.class, gw.state()).set().serial());
    }

    @Test
    void forgedTamperedForeignExpiredAndMistypedDeltasAreRefused() {
        AdmissionTrustStore trust = AdmissionTrustStore.inMemory();
        AdmissionVerifier gw = gatewayAtOneWithTwoPublished(trust);
        AdmissionUpdate.Delta good = delta(1);
        AdmissionDelta d = good.delta();
        Optional<AcceptedSerial> before = trust.lastAccepted();

        assertEquals(RejectionReason.UNKNOWN_KEY, reason(gw.verifyDelta(sign(DammJson.write(d), TestKeys.key(42)))));
        String tampered = new String(good.toJson(), StandardCharsets.UTF_8).replaceFirst("\"payload\":\"e", "\"payload\":\"f");
        RejectionReason t = reason(gw.verifyDelta(tampered.getBytes(StandardCharsets.UTF_8)));
        assertTrue(t == RejectionReason.BAD_SIGNATURE || t == RejectionReason.MALFORMED, t.toString());
        AdmissionDelta foreign = new AdmissionDelta("gw-2", 1, 2, d.issuedAt(), d.validUntil(), d.peersSha256(), d.changed(), d.removed());
        assertEquals(RejectionReason.SCOPE_MISMATCH, reason(gw.verifyDelta(sign(foreign))));
        // A full set is not a delta, and a delta is not a full set.
        byte[] fullEnvelope = assertInstanceOf(AdmissionUpdate.Full.class, publisher.since(GATEWAY, OptionalLong.empty())).toJson();
        assertEquals(RejectionReason.WRONG_PAYLOAD_TYPE, reason(gw.verifyDelta(fullEnvelope)));
        assertEquals(RejectionReason.WRONG_PAYLOAD_TYPE, reason(gw.verify(good.toJson())));
        assertEquals(RejectionReason.MALFORMED, reason(gw.verifyDelta("{".getBytes(StandardCharsets.UTF_8))));
        assertEquals(RejectionReason.MALFORMED, reason(gw.verifyDelta((byte[]) null)));
        assertEquals(RejectionReason.OVERSIZED, reason(gw.verifyDelta(new byte[AdmissionVerifier.MAX_DELTA_BYTES + 1])));
        assertEquals(RejectionReason.OVERSIZED, reason(gw.verifyDelta(new java.io.ByteArrayInputStream(new byte[AdmissionVerifier.MAX_DELTA_BYTES + 2]))));

        // A serial that does not move forward, and a time in another spelling, are malformed.
        String json = new String(DammJson.write(d), StandardCharsets.UTF_8);
        assertEquals(RejectionReason.MALFORMED, reason(gw.verifyDelta(sign(json.replace("\"serial\":2", "\"serial\":1")
                .getBytes(StandardCharsets.UTF_8), key))));
        String offset = json.replace(d.issuedAt().toString().replace("Z", ""), d.issuedAt().toString().replace("Z", "") + "+00:00")
                .replace("+00:00Z", "+00:00");
        assertTrue(!offset.equals(json), offset);
        assertEquals(RejectionReason.MALFORMED, reason(gw.verifyDelta(sign(offset.getBytes(StandardCharsets.UTF_8), key))));

        clock.advance(Duration.ofHours(25));
        assertEquals(RejectionReason.EXPIRED, reason(gw.verifyDelta(good.toJson())));
        assertEquals(before, trust.lastAccepted());
    }

    @Test
    void aRestartedGatewayKeepsTheSetADeltaYieldedAndGoesOnFromIt() throws Exception {
        Path file = dir.resolve("admission.json");
        AdmissionSet two;
        try (AdmissionTrustStore trust = AdmissionTrustStore.open(file)) {
            AdmissionVerifier gw = gatewayAtOneWithTwoPublished(trust);
            two = accepted(gw.verifyDelta(delta(1).toJson()));
        }
        assertTrue(new String(Files.readAllBytes(file), StandardCharsets.UTF_8).startsWith("{\"deltaEnvelope\":"));
        revoke(3);
        AdmissionSet three = publisher.publish(GATEWAY).set();
        try (AdmissionTrustStore trust = AdmissionTrustStore.open(file)) {
            AdmissionVerifier gw = gatewayOn(trust);
            assertEquals(two, assertInstanceOf(AdmissionState.Apply.class, gw.state()).set());
            assertEquals(RejectionReason.BASE_MISMATCH, reason(gw.verifyDelta(delta(1).toJson())));
            assertEquals(three, accepted(gw.verifyDelta(delta(2).toJson())));
        }
        try (AdmissionTrustStore trust = AdmissionTrustStore.open(file)) {
            assertEquals(three, assertInstanceOf(AdmissionState.Apply.class, gatewayOn(trust).state()).set());
        }
    }

    @Test
    void aStoredSetThatItsDeltaDidNotSignIsRefusedAtStart() throws Exception {
        Path file = dir.resolve("admission.json");
        try (AdmissionTrustStore trust = AdmissionTrustStore.open(file)) {
            accepted(gatewayAtOneWithTwoPublished(trust).verifyDelta(delta(1).toJson()));
        }
        String stored = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        // Drop the stored set's first peer: the delta's signed digest no longer matches.
        int start = stored.indexOf("\"peers\":[") + "\"peers\":[".length();
        int end = stored.indexOf("},", start) + 2;
        Files.write(file, (stored.substring(0, start) + stored.substring(end)).getBytes(StandardCharsets.UTF_8));
        try (AdmissionTrustStore trust = AdmissionTrustStore.open(file)) {
            DammException e = assertThrows(DammException.class, () -> gatewayOn(trust));
            assertEquals(ErrorCode.MALFORMED_INPUT, e.errorCode());
        }
    }

    @Test
    void aRestartedPublisherAnswersFromTheStoredHistory() {
        AdmissionVerifier gw = gatewayAtOneWithTwoPublished(AdmissionTrustStore.inMemory());
        AdmissionPublisher restarted = new AdmissionPublisher(store, clock, key, Duration.ofHours(24));
        AdmissionSet applied = accepted(gw.verifyDelta(
                assertInstanceOf(AdmissionUpdate.Delta.class, restarted.since(GATEWAY, OptionalLong.of(1))).toJson()));
        assertEquals(2, applied.serial());
        assertEquals(new AdmissionUpdate.UpToDate(2), restarted.since(GATEWAY, OptionalLong.of(2)));
    }

    @Test
    void aSerialNoLongerInTheHistoryGetsTheFullSet() {
        AdmissionPublisher shortMemory = new AdmissionPublisher(store, clock, key, Duration.ofHours(24), 2);
        addDevices(1, 3);
        shortMemory.publish(GATEWAY);
        for (long n = 3; n < 7; n++) {
            addDevices(n, n + 1);
            shortMemory.publish(GATEWAY); // serials 2 to 5
        }
        AdmissionUpdate.Full full = assertInstanceOf(AdmissionUpdate.Full.class, shortMemory.since(GATEWAY, OptionalLong.of(2)));
        assertEquals(5, full.signed().set().serial());
        assertEquals(6, full.signed().set().peers().size());
        assertEquals(5, assertInstanceOf(AdmissionUpdate.Delta.class, shortMemory.since(GATEWAY, OptionalLong.of(3))).delta().serial());
        // A serial the publisher never reached, or none at all, gets the full set too.
        assertInstanceOf(AdmissionUpdate.Full.class, shortMemory.since(GATEWAY, OptionalLong.of(99)));
        assertInstanceOf(AdmissionUpdate.Full.class, shortMemory.since(GATEWAY, OptionalLong.of(0)));
        // The full set re-signed from the history is byte for byte the envelope the publication signed.
        AdmissionPublisher.Signed six = shortMemory.publish(GATEWAY);
        assertArrayEquals(six.toJson(), assertInstanceOf(AdmissionUpdate.Full.class, shortMemory.since(GATEWAY, OptionalLong.empty())).toJson());
    }

    @Test
    void aChangeLargerThanADeltaCarriesGetsTheFullSet() {
        addDevices(1, 3);
        publisher.publish(GATEWAY);
        addDevices(3, 3 + AdmissionDelta.MAX_CHANGES + 1);
        publisher.publish(GATEWAY);
        assertInstanceOf(AdmissionUpdate.Full.class, publisher.since(GATEWAY, OptionalLong.of(1)));
        revoke(3);
        publisher.publish(GATEWAY);
        assertEquals(List.of(device(3).id().value()), delta(2).delta().removed());
    }

    @Test
    void theFirstQuestionOfAGatewayWithoutHistoryPublishesItsFirstSet() {
        addDevices(1, 3);
        AdmissionUpdate.Full first = assertInstanceOf(AdmissionUpdate.Full.class, publisher.since(GATEWAY, OptionalLong.of(7)));
        assertEquals(1, first.signed().set().serial());
        assertEquals(new AdmissionUpdate.UpToDate(1), publisher.since(GATEWAY, OptionalLong.of(1)));
        assertEquals(ErrorCode.NOT_FOUND,
                assertThrows(DammException.class, () -> publisher.since(GatewayId.of("gw-9"), OptionalLong.empty())).errorCode());
    }

    @Test
    void deltasAreBoundedBeforeWork() {
        List<AdmissionSet.AdmittedPeer> none = List.of();
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i <= AdmissionDelta.MAX_CHANGES; i++) {
            tooMany.add("dev-" + i);
        }
        java.time.Instant t = clock.instant();
        DammException e = assertThrows(DammException.class,
                () -> new AdmissionDelta(GW, 1, 2, t, t.plusSeconds(60), "0".repeat(64), none, tooMany));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.errorCode());
        assertThrows(DammException.class, () -> new AdmissionDelta(GW, 2, 2, t, t.plusSeconds(60), "0".repeat(64), none, List.of()));
        assertThrows(DammException.class, () -> new AdmissionDelta(GW, 1, 2, t, t.plusSeconds(60), "0".repeat(64), none, List.of("dev-1", "dev-1")));
        // Every delta the publisher can sign can be read: its envelope's base64 fits one JSON string.
        assertTrue(AdmissionVerifier.MAX_DELTA_BYTES < DammJson.MAX_STRING_LENGTH);
        assertTrue(AdmissionVerifier.MAX_DELTA_BYTES < AdmissionVerifier.MAX_BYTES / 4);
    }
}
