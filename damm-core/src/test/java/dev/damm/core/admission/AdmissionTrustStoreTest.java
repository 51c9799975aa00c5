package dev.damm.core.admission;

import static dev.damm.core.trust.TestKeys.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.core.json.DammJson;
import dev.damm.core.testing.FakeClock;
import dev.damm.core.trust.DsseSigner;
import dev.damm.core.trust.Ed25519SigningKey;
import dev.damm.core.trust.KeyQuorum;
import dev.damm.core.trust.RejectionReason;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.net.IpNetwork;
import dev.damm.spi.wireguard.WireGuardKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway's own memory of admission: restarts, outages of the control plane, and a stolen admission key. */
class AdmissionTrustStoreTest {
    private static final String GW = "gw-a";
    private final FakeClock clock = FakeClock.at("2026-11-21T10:00:00Z");
    private final Ed25519SigningKey admissionKey = key(40);

    @TempDir
    Path dir;

    private AdmissionVerifier gateway(AdmissionTrustStore store, Ed25519SigningKey trusted, Duration grace) {
        return AdmissionVerifier.builder(KeyQuorum.single(trusted.publicKey()), GW, store).clock(clock).outageGrace(grace).build();
    }

    private byte[] set(long serial, Duration validFor, Ed25519SigningKey signer, int peers) {
        Instant now = clock.instant();
        List<AdmissionSet.AdmittedPeer> list = new ArrayList<>();
        for (int i = 0; i < peers; i++) {
            byte[] k = new byte[32];
            k[0] = (byte) i;
            k[1] = (byte) (i >> 8);
            k[31] = (byte) serial;
            list.add(new AdmissionSet.AdmittedPeer("dev-" + i, WireGuardKey.ofBytes(k), List.of(IpNetwork.parse("10.0.0." + (i % 250 + 1) + "/32"))));
        }
        AdmissionSet s = new AdmissionSet(GW, serial, now, now.plus(validFor), list);
        return new DsseSigner(AdmissionPublisher.PAYLOAD_TYPE, signer).sign(DammJson.write(s)).toJson();
    }

    private static RejectionReason reason(AdmissionCheck c) {
        return assertInstanceOf(AdmissionCheck.Rejected.class, c).reason();
    }

    @Test
    void aRestartedGatewayStillRefusesTheOlderSet() throws Exception {
        Path file = dir.resolve("admission.json");
        byte[] older = set(4, Duration.ofHours(24), admissionKey, 2);
        clock.advance(Duration.ofMinutes(10));
        byte[] newer = set(5, Duration.ofHours(24), admissionKey, 1);
        try (AdmissionTrustStore store = AdmissionTrustStore.open(file)) {
            AdmissionVerifier gw = gateway(store, admissionKey, Duration.ZERO);
            assertInstanceOf(AdmissionCheck.Accepted.class, gw.verify(newer));
            // The same set again is no change and no error.
            assertInstanceOf(AdmissionCheck.Accepted.class, gw.verify(newer));
            assertEquals(ErrorCode.CONFLICT, assertThrows(DammException.class, () -> AdmissionTrustStore.open(file)).errorCode());
        }
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }

        // The gateway restarts believing nothing was applied: the store still knows serial 5.
        try (AdmissionTrustStore store = AdmissionTrustStore.open(file)) {
            AdmissionVerifier gw = gateway(store, admissionKey, Duration.ZERO);
            assertEquals(5, store.lastAccepted().orElseThrow().serial());
            AdmissionState.Apply applied = assertInstanceOf(AdmissionState.Apply.class, gw.state());
            assertEquals(5, applied.set().serial());
            assertEquals(RejectionReason.ROLLBACK, reason(gw.verify(older)));
            assertEquals(5, assertInstanceOf(AdmissionState.Apply.class, gw.state()).set().serial());
        }
    }

    @Test
    void theLastSetStaysAppliedThroughTheOutageGraceAndIsDroppedAfterIt() {
        AdmissionTrustStore store = AdmissionTrustStore.inMemory();
        AdmissionVerifier gw = gateway(store, admissionKey, Duration.ofHours(6));
        // An older set that happens to stay valid longer (it was signed for two days).
        byte[] older = set(6, Duration.ofHours(48), admissionKey, 3);
        clock.advance(Duration.ofMinutes(1));
        byte[] last = set(7, Duration.ofHours(24), admissionKey, 2);
        Instant validUntil = clock.instant().plus(Duration.ofHours(24));
        assertInstanceOf(AdmissionCheck.Accepted.class, gw.verify(last));
        AdmissionState.Apply fresh = assertInstanceOf(AdmissionState.Apply.class, gw.state());
        assertEquals(validUntil, fresh.appliesUntil());
        assertTrue(!fresh.inOutageGrace());

        // The control plane is unreachable: no newer set arrives, and valid-until passes.
        clock.set(validUntil.plus(Duration.ofHours(1)));
        AdmissionState.Apply graced = assertInstanceOf(AdmissionState.Apply.class, gw.state());
        assertEquals(7, graced.set().serial());
        assertTrue(graced.inOutageGrace());
        assertEquals(validUntil.plus(Duration.ofHours(6)), graced.appliesUntil());
        // Within the grace, an older set (say, replayed by whoever sits on the path) is still refused...
        assertEquals(RejectionReason.ROLLBACK, reason(gw.verify(older)));
        assertEquals(7, assertInstanceOf(AdmissionState.Apply.class, gw.state()).set().serial());
        clock.set(validUntil.plus(Duration.ofHours(5)).plus(Duration.ofMinutes(59)));
        assertEquals(7, assertInstanceOf(AdmissionState.Apply.class, gw.state()).set().serial());

        // ...and once the grace is over, no peer is admitted.
        clock.set(validUntil.plus(Duration.ofHours(6)));
        assertInstanceOf(AdmissionState.DropAll.class, gw.state());
        // The floor stays: the older set is refused even now.
        assertEquals(RejectionReason.ROLLBACK, reason(gw.verify(older)));
        assertEquals(7, store.lastAccepted().orElseThrow().serial());

        // The control plane is back and publishes the next set: applied at once.
        byte[] next = set(8, Duration.ofHours(24), admissionKey, 1);
        assertInstanceOf(AdmissionCheck.Accepted.class, gw.verify(next));
        assertEquals(8, assertInstanceOf(AdmissionState.Apply.class, gw.state()).set().serial());
    }

    @Test
    void withoutAGraceTheSetIsDroppedAtValidUntil() {
        AdmissionVerifier gw = gateway(AdmissionTrustStore.inMemory(), admissionKey, Duration.ZERO);
        assertInstanceOf(AdmissionState.DropAll.class, gw.state());
        assertInstanceOf(AdmissionCheck.Accepted.class, gw.verify(set(1, Duration.ofHours(1), admissionKey, 1)));
        clock.advance(Duration.ofHours(1));
        assertInstanceOf(AdmissionState.DropAll.class, gw.state());
    }

    @Test
    void aStolenAdmissionKeysMaximalSerialStopsBindingWhenTheAdmissionKeysChange() throws Exception {
        Path file = dir.resolve("admission.json");
        // The attacker signs the highest serial with the stolen admission key; the gateway takes it.
        try (AdmissionTrustStore store = AdmissionTrustStore.open(file)) {
            assertInstanceOf(AdmissionCheck.Accepted.class, gateway(store, admissionKey, Duration.ZERO).verify(set(Long.MAX_VALUE, Duration.ofHours(1), admissionKey, 1)));
        }
        // A new root names a new admission key; the gateway restarts with it.
        Ed25519SigningKey replacement = key(41);
        try (AdmissionTrustStore store = AdmissionTrustStore.open(file)) {
            AdmissionVerifier gw = gateway(store, replacement, Duration.ofHours(6));
            assertTrue(store.lastAccepted().isEmpty(), "the stolen key's serial no longer binds");
            assertInstanceOf(AdmissionState.DropAll.class, gw.state());
            clock.advance(Duration.ofMinutes(1));
            assertInstanceOf(AdmissionCheck.Accepted.class, gw.verify(set(12, Duration.ofHours(24), replacement, 2)));
            assertEquals(RejectionReason.UNKNOWN_KEY, reason(gw.verify(set(Long.MAX_VALUE, Duration.ofHours(1), admissionKey, 1))));
            assertEquals(12, assertInstanceOf(AdmissionState.Apply.class, gw.state()).set().serial());
        }
        // In-process, a verifier built with the new keys over the same in-memory store forgets it too.
        AdmissionTrustStore memory = AdmissionTrustStore.inMemory();
        gateway(memory, admissionKey, Duration.ZERO).verify(set(Long.MAX_VALUE, Duration.ofHours(1), admissionKey, 1));
        AdmissionVerifier rotated = gateway(memory, replacement, Duration.ZERO);
        assertInstanceOf(AdmissionCheck.Accepted.class, rotated.verify(set(13, Duration.ofHours(24), replacement, 1)));
    }

    @Test
    void aStoreHoldingAnotherGatewaysSetIsAConfigurationError() {
        Path file = dir.resolve("admission.json");
        try (AdmissionTrustStore store = AdmissionTrustStore.open(file)) {
            gateway(store, admissionKey, Duration.ZERO).verify(set(3, Duration.ofHours(1), admissionKey, 1));
        }
        try (AdmissionTrustStore store = AdmissionTrustStore.open(file)) {
            DammException e = assertThrows(DammException.class,
                    () -> AdmissionVerifier.builder(KeyQuorum.single(admissionKey.publicKey()), "gw-b", store).clock(clock).build());
            assertEquals(ErrorCode.CONFIGURATION_ERROR, e.errorCode());
        }
    }
}
