package dev.damm.core.admission;

import dev.damm.spi.provider.ProviderId;
import static dev.damm.core.testing.ControlPlaneFixture.EU;
import static dev.damm.core.testing.ControlPlaneFixture.US;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.core.enroll.EnrollmentResult;
import dev.damm.core.model.GatewayId;
import dev.damm.core.testing.ControlPlaneFixture;
import dev.damm.core.trust.Ed25519SigningKey;
import dev.damm.core.trust.KeyQuorum;
import dev.damm.core.trust.RejectionReason;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class AdmissionSetTest {
    private final ControlPlaneFixture f = new ControlPlaneFixture();
    private final Ed25519SigningKey key = Ed25519SigningKey.generate(new SecureRandom());
    private final AdmissionPublisher publisher = new AdmissionPublisher(f.store, f.clock, key, Duration.ofHours(24));

    private AdmissionVerifier verifierFor(String gateway) {
        return AdmissionVerifier.builder(KeyQuorum.single(key.publicKey()), gateway, AdmissionTrustStore.inMemory()).clock(f.clock).build();
    }

    private static Set<String> deviceIds(AdmissionSet s) {
        return s.peers().stream().map(AdmissionSet.AdmittedPeer::deviceId).collect(Collectors.toSet());
    }

    @Test
    void aGatewayAdmitsTheActiveDevicesOfItsRegionAndRevokedOrSuspendedOnesLeave() {
        f.addGateway("gw-a", EU, "hetzner");
        f.addGateway("gw-us", US, "vultr");
        EnrollmentResult a = f.enroll();
        EnrollmentResult b = f.enroll();
        AdmissionPublisher.Signed first = publisher.publish(GatewayId.of("gw-a"));
        assertEquals(Set.of(a.device().id().value(), b.device().id().value()), deviceIds(first.set()));
        assertEquals(1, first.set().serial());
        assertEquals(a.device().tunnelAddresses(), first.set().peers().stream()
                .filter(p -> p.deviceId().equals(a.device().id().value())).findFirst().orElseThrow().allowedIps());
        assertTrue(publisher.publish(GatewayId.of("gw-us")).set().peers().isEmpty(), "another region's gateway does not admit them");

        f.cp.devices().revoke(a.device().id(), "admin");
        f.cp.devices().suspend(b.device().id(), "admin");
        AdmissionPublisher.Signed next = publisher.publish(GatewayId.of("gw-a"));
        assertEquals(2, next.set().serial());
        assertTrue(next.set().peers().isEmpty());

        AdmissionVerifier gw = verifierFor("gw-a");
        AdmissionCheck applied = gw.verify(next.toJson());
        assertInstanceOf(AdmissionCheck.Accepted.class, applied);
        AdmissionCheck replay = gw.verify(first.toJson());
        assertEquals(RejectionReason.ROLLBACK, ((AdmissionCheck.Rejected) replay).reason());
    }

    @Test
    void theGatewayRejectsForeignStaleForgedAndTamperedSets() {
        f.addGateway("gw-a", EU, "hetzner");
        f.enroll();
        AdmissionPublisher.Signed s = publisher.publish(GatewayId.of("gw-a"));
        assertEquals(RejectionReason.SCOPE_MISMATCH, reason(verifierFor("gw-b").verify(s.toJson())));
        Ed25519SigningKey other = Ed25519SigningKey.generate(new SecureRandom());
        assertEquals(RejectionReason.UNKNOWN_KEY,
                reason(AdmissionVerifier.builder(KeyQuorum.single(other.publicKey()), "gw-a", AdmissionTrustStore.inMemory()).clock(f.clock).build().verify(s.toJson())));
        String tampered = new String(s.toJson(), StandardCharsets.UTF_8).replaceFirst("\"payload\":\"e", "\"payload\":\"f");
        RejectionReason r = reason(verifierFor("gw-a").verify(tampered.getBytes(StandardCharsets.UTF_8)));
        assertTrue(r == RejectionReason.BAD_SIGNATURE || r == RejectionReason.MALFORMED, r.toString());
        assertEquals(RejectionReason.MALFORMED, reason(verifierFor("gw-a").verify("{".getBytes(StandardCharsets.UTF_8))));
        f.clock.advance(Duration.ofHours(25));
        assertEquals(RejectionReason.EXPIRED, reason(verifierFor("gw-a").verify(s.toJson())));
    }

    @Test
    void aProvisionedGatewayHasNoSetAndSerialsNeverRepeat() {
        f.cp.gateways().provision(GatewayId.of("gw-new"), "new", EU, ProviderId.of("hetzner"), "admin");
        DammException e = assertThrows(DammException.class, () -> publisher.publish(GatewayId.of("gw-new")));
        assertEquals(ErrorCode.GATEWAY_NOT_REGISTERED, e.errorCode());
        f.addGateway("gw-a", EU, "hetzner");
        long s1 = publisher.publish(GatewayId.of("gw-a")).set().serial();
        long s2 = publisher.publish(GatewayId.of("gw-a")).set().serial();
        assertEquals(s1 + 1, s2);
    }

    private static RejectionReason reason(AdmissionCheck c) {
        return ((AdmissionCheck.Rejected) c).reason();
    }
}
