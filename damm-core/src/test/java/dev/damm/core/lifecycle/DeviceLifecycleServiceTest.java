package dev.damm.core.lifecycle;

import static dev.damm.core.testing.ControlPlaneFixture.EU;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.core.enroll.EnrollmentResult;
import dev.damm.core.model.Device;
import dev.damm.core.model.DeviceId;
import dev.damm.core.model.DeviceState;
import dev.damm.core.model.SuspensionReason;
import dev.damm.core.testing.ControlPlaneFixture;
import dev.damm.core.testing.StoreFingerprint;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeviceLifecycleServiceTest {

    private static void expectUnchanged(ControlPlaneFixture f, ErrorCode code, Runnable call) {
        StoreFingerprint.assertFailsUnchanged(f.store, code, call);
    }

    @Test
    void rotationKeepsRecordAndAddressesAndRetiresTheOldKey() {
        ControlPlaneFixture f = new ControlPlaneFixture();
        f.addGateway("gw-a", EU, "hetzner");
        EnrollmentResult r = f.enroll();
        var newKey = f.randomKey();
        Device rotated = f.cp.devices().rotateKey(r.credential(), newKey.base64());
        assertEquals(r.device().id(), rotated.id());
        assertEquals(r.device().tunnelAddresses(), rotated.tunnelAddresses());
        assertEquals(newKey, rotated.publicKey());
        assertTrue(f.store.inTransaction(tx -> tx.devices().findByPublicKey(r.device().publicKey())).isEmpty(), "old key is gone");
        var audit = f.store.inTransaction(tx -> tx.audit().listByTarget("device:" + r.device().id(), 10));
        assertEquals("device.rotate_key", audit.get(audit.size() - 1).action());
        assertTrue(audit.get(audit.size() - 1).before().orElseThrow().contains(r.device().publicKey().base64()));
    }

    @Test
    void rotationFailuresAreTypedAndChangeNothing() {
        ControlPlaneFixture f = new ControlPlaneFixture();
        f.addGateway("gw-a", EU, "hetzner");
        EnrollmentResult a = f.enroll();
        EnrollmentResult b = f.enroll();
        expectUnchanged(f, ErrorCode.CONFLICT, () -> f.cp.devices().rotateKey(a.credential(), b.device().publicKey().base64()));
        expectUnchanged(f, ErrorCode.INVALID_ARGUMENT, () -> f.cp.devices().rotateKey(a.credential(), a.device().publicKey().base64()));
        expectUnchanged(f, ErrorCode.CONFLICT, () -> f.cp.devices().rotateKey(a.credential(), a.peer().gatewayPublicKey().base64()));
        expectUnchanged(f, ErrorCode.UNAUTHENTICATED, () -> f.cp.devices().rotateKey("dc_forged", f.randomKey().base64()));
        expectUnchanged(f, ErrorCode.UNAUTHENTICATED, () -> f.cp.devices().rotateKey(null, f.randomKey().base64()));
        expectUnchanged(f, ErrorCode.PRIVATE_KEY_REFUSED, () -> f.cp.devices().rotateKey(a.credential(), "[Interface]\nPrivateKey = x"));
        f.cp.devices().suspend(a.device().id(), "admin");
        expectUnchanged(f, ErrorCode.DEVICE_SUSPENDED, () -> f.cp.devices().rotateKey(a.credential(), f.randomKey().base64()));
        f.cp.devices().revoke(a.device().id(), "admin");
        expectUnchanged(f, ErrorCode.DEVICE_REVOKED, () -> f.cp.devices().rotateKey(a.credential(), f.randomKey().base64()));
        expectUnchanged(f, ErrorCode.DEVICE_REVOKED, () -> f.cp.devices().revoke(a.device().id(), "admin"));
        expectUnchanged(f, ErrorCode.DEVICE_REVOKED, () -> f.cp.devices().resume(a.device().id(), "admin"));
        expectUnchanged(f, ErrorCode.NOT_FOUND, () -> f.cp.devices().suspend(DeviceId.of("dev_nobody"), "admin"));
    }

    @Test
    void suspendResumeAndRevokeAreAudited() {
        ControlPlaneFixture f = new ControlPlaneFixture();
        f.addGateway("gw-a", EU, "hetzner");
        Device d = f.enroll().device();
        assertEquals(Optional.of(SuspensionReason.ADMIN), f.cp.devices().suspend(d.id(), "alice").suspension());
        assertEquals(DeviceState.ACTIVE, f.cp.devices().resume(d.id(), "alice").state());
        assertEquals(DeviceState.REVOKED, f.cp.devices().revoke(d.id(), "bob").state());
        var actions = f.store.inTransaction(tx -> tx.audit().listByTarget("device:" + d.id(), 10)).stream()
                .map(e -> e.actor() + ":" + e.action()).toList();
        assertEquals(java.util.List.of("pass:" + actions.get(0).substring(5, actions.get(0).indexOf(':', 5)) + ":device.enroll",
                "alice:device.suspend", "alice:device.resume", "bob:device.revoke"), actions);
    }
}
