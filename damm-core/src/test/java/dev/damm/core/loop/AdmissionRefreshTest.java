package dev.damm.core.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.core.admission.AdmissionPublisher;
import dev.damm.core.admission.AdmissionSet;
import dev.damm.core.admission.AdmissionUpdate;
import dev.damm.core.enroll.EnrollmentRequest;
import dev.damm.core.model.GatewayId;
import dev.damm.core.testing.ControlPlaneFixture;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The schedule's admission refresh: who gets a new set, and when a set stands. */
class AdmissionRefreshTest {
    private final LoopFixture f = new LoopFixture();
    private final SplittableRandom random = new SplittableRandom(3);

    private String enrollInEu() {
        String pass = f.loop.plane().passes().mint(ControlPlaneFixture.TIER, Duration.ofHours(1), "admin", "192.0.2.9").secret();
        byte[] k = new byte[32];
        random.nextBytes(k);
        return f.loop.plane().enrollment().enroll(new EnrollmentRequest(pass, dev.damm.spi.wireguard.WireGuardKey.ofBytes(k).base64(),
                Optional.of("laptop"), Optional.of(ControlPlaneFixture.EU), Optional.of(ControlPlaneFixture.DE), false, "192.0.2.9"))
                .device().id().value();
    }

    private static List<String> gateways(List<AdmissionPublisher.Signed> sets) {
        return sets.stream().map(s -> s.set().gatewayId()).sorted().toList();
    }

    private List<String> peersOf(String gateway) {
        AdmissionUpdate u = f.loop.admissionSince(GatewayId.of(gateway), OptionalLong.empty());
        return ((AdmissionUpdate.Full) u).signed().set().peers().stream().map(AdmissionSet.AdmittedPeer::deviceId).toList();
    }

    @Test
    void aRegionsGatewaysGetOneNewSetPerChangeAndUnchangedSetsStand() {
        f.addGateway("gw-eu-1", ControlPlaneFixture.EU, "static");
        f.addGateway("gw-eu-2", ControlPlaneFixture.EU, "hetzner");
        f.addGateway("gw-us-1", ControlPlaneFixture.US, "static");
        assertEquals(List.of("gw-eu-1", "gw-eu-2", "gw-us-1"), gateways(f.loop.refreshAdmissions()), "first sets for everyone");
        assertEquals(List.of(), gateways(f.loop.refreshAdmissions()), "nothing changed: every set stands");

        String device = enrollInEu();
        assertEquals(List.of("gw-eu-1", "gw-eu-2"), gateways(f.loop.refreshAdmissions()), "only the device's region changes");
        assertEquals(List.of(device), peersOf("gw-eu-2"), "a region's gateways admit every device of the region");
        assertEquals(List.of(), peersOf("gw-us-1"));
        assertEquals(List.of(), gateways(f.loop.refreshAdmissions()));

        f.loop.plane().gateways().retire(GatewayId.of("gw-eu-2"), "admin");
        assertEquals(List.of("gw-eu-2"), gateways(f.loop.refreshAdmissions()), "a retired gateway's next set is empty");
        assertEquals(List.of(), peersOf("gw-eu-2"));
        assertEquals(List.of(device), peersOf("gw-eu-1"), "the region's other gateway still admits its devices");

        f.clock.advance(Duration.ofHours(13)); // past half of the sets' validity (24 h)
        List<AdmissionPublisher.Signed> resigned = f.loop.refreshAdmissions();
        assertEquals(List.of("gw-eu-1", "gw-eu-2", "gw-us-1"), gateways(resigned), "sets half-way to expiry are signed again");
        assertTrue(resigned.stream().allMatch(s -> s.set().serial() >= 2));
    }
}
