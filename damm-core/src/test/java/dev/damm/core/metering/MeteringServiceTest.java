package dev.damm.core.metering;

import dev.damm.spi.provider.ProviderId;
import static dev.damm.core.testing.ControlPlaneFixture.EU;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.core.enroll.EnrollmentResult;
import dev.damm.core.model.Device;
import dev.damm.core.model.DeviceState;
import dev.damm.core.model.GatewayId;
import dev.damm.core.model.SubstitutionPolicy;
import dev.damm.core.testing.ControlPlaneFixture;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import java.util.List;
import org.junit.jupiter.api.Test;

class MeteringServiceTest {

    private static Device device(ControlPlaneFixture f, EnrollmentResult r) {
        return f.store.inTransaction(tx -> tx.devices().find(r.device().id())).orElseThrow();
    }

    @Test
    void reportsAccumulateOnceDetectResetsAndSuspendOverQuota() {
        ControlPlaneFixture f = new ControlPlaneFixture();
        f.cp.putTier(ControlPlaneFixture.tier(SubstitutionPolicy.STRICT, 100, 10_000), "admin");
        String token = f.addGateway("gw-a", EU, "hetzner");
        var gw = f.cp.gateways().authenticate(token);
        EnrollmentResult r = f.enroll();
        var key = r.device().publicKey();

        var o1 = f.cp.metering().apply(gw, new UsageReport("r1", List.of(new UsageReport.PeerCounters(key, 1000, 2000))));
        assertEquals(1, o1.devicesUpdated());
        var dup = f.cp.metering().apply(gw, new UsageReport("r1", List.of(new UsageReport.PeerCounters(key, 1000, 2000))));
        assertTrue(dup.duplicate());
        assertEquals(3000, device(f, r).totalBytes(), "a resent report counts once");

        f.cp.metering().apply(gw, new UsageReport("r2", List.of(new UsageReport.PeerCounters(key, 1500, 2500))));
        assertEquals(4000, device(f, r).totalBytes(), "deltas of monotonic counters");

        var reset = f.cp.metering().apply(gw, new UsageReport("r3", List.of(new UsageReport.PeerCounters(key, 100, 100))));
        assertEquals(1, reset.countersReset());
        assertEquals(4200, device(f, r).totalBytes(), "after a reset the new value counts whole");

        var over = f.cp.metering().apply(gw, new UsageReport("r4", List.of(
                new UsageReport.PeerCounters(key, 5100, 5100), new UsageReport.PeerCounters(f.randomKey(), 1, 1))));
        assertEquals(1, over.unknownPeers());
        assertEquals(List.of(r.device().id().value()), over.suspended());
        Device d = device(f, r);
        assertEquals(DeviceState.SUSPENDED, d.state());
        DammException e = assertThrows(DammException.class, () -> f.cp.enrollment().reissue(r.credential()));
        assertEquals(ErrorCode.DEVICE_OVER_QUOTA, e.errorCode());
        assertEquals(DeviceState.ACTIVE, f.cp.devices().resetUsage(d.id(), "billing").state());
    }

    @Test
    void aGatewayThatNeverRegisteredCannotReport() {
        ControlPlaneFixture f = new ControlPlaneFixture();
        var p = f.cp.gateways().provision(GatewayId.of("gw-x"), "x", EU, ProviderId.of("hetzner"), "admin");
        DammException e = assertThrows(DammException.class, () -> f.cp.metering().apply(p.gateway(), new UsageReport("r1", List.of())));
        assertEquals(ErrorCode.GATEWAY_NOT_REGISTERED, e.errorCode());
    }
}
