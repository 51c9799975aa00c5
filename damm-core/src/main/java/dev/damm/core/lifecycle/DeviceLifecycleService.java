package dev.damm.core.lifecycle;

import dev.damm.core.internal.audit.AuditLog;
import dev.damm.core.enroll.EnrollmentRequest;
import dev.damm.core.internal.enroll.DeviceCredentials;
import dev.damm.core.internal.ipam.AddressAllocator;
import dev.damm.core.model.Device;
import dev.damm.core.model.DeviceId;
import dev.damm.core.model.DeviceState;
import dev.damm.core.model.SuspensionReason;
import dev.damm.core.store.DammStore;
import dev.damm.core.store.StoreTransaction;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.Require;
import dev.damm.spi.wireguard.WireGuardKey;
import java.time.Clock;
import java.time.Instant;

/**
 * Moves devices through their lifecycle: suspend, resume, revoke, and key rotation. Every change
 * is audited in the same transaction. Revocation releases the device's addresses into quarantine;
 * the device disappears from the next admission set of its gateways.
 */
public final class DeviceLifecycleService {
    private final DammStore store;
    private final Clock clock;
    private final AddressAllocator addresses;

    public DeviceLifecycleService(DammStore store, Clock clock, AddressAllocator addresses) {
        this.store = store;
        this.clock = clock;
        this.addresses = addresses;
    }

    /** Finds the device a bearer credential belongs to, refusing revoked ones. */
    public Device authenticate(String credential) {
        return store.inTransaction(tx -> DeviceCredentials.authenticate(tx, credential));
    }

    public Device suspend(DeviceId id, String actor) {
        return change(id, actor, "device.suspend", d -> {
            if (d.state() == DeviceState.REVOKED) {
                throw new DammException(ErrorCode.DEVICE_REVOKED, "deviceId: " + id + " is revoked");
            }
            return d.toBuilder().state(DeviceState.SUSPENDED, SuspensionReason.ADMIN);
        });
    }

    /** Lifts a suspension; a device suspended for quota stays suspended until its usage is reset. */
    public Device resume(DeviceId id, String actor) {
        return change(id, actor, "device.resume", d -> {
            if (d.state() == DeviceState.REVOKED) {
                throw new DammException(ErrorCode.DEVICE_REVOKED, "deviceId: " + id + " is revoked");
            }
            return d.toBuilder().state(DeviceState.ACTIVE, null);
        });
    }

    /** Resets a device's usage totals (a new billing period) and lifts an over-quota suspension. */
    public Device resetUsage(DeviceId id, String actor) {
        return change(id, actor, "device.reset_usage", d -> {
            Device.Builder b = d.toBuilder().usage(0, 0);
            if (d.state() == DeviceState.SUSPENDED && d.suspension().orElse(null) == SuspensionReason.OVER_QUOTA) {
                b.state(DeviceState.ACTIVE, null);
            }
            return b;
        });
    }

    public Device revoke(DeviceId id, String actor) {
        Instant now = clock.instant();
        return store.inTransaction(tx -> {
            Device before = find(tx, id);
            if (before.state() == DeviceState.REVOKED) {
                throw new DammException(ErrorCode.DEVICE_REVOKED, "deviceId: " + id + " is already revoked");
            }
            Device after = before.toBuilder().state(DeviceState.REVOKED, null).updatedAt(now).build();
            tx.devices().update(after);
            addresses.release(tx.addressLeases(), id, before.tunnelAddresses(), now);
            AuditLog.record(tx, now, actor, "device.revoke", "device:" + id, AuditLog.snapshot(before), AuditLog.snapshot(after));
            return after;
        });
    }

    /**
     * Replaces the device's public key. The device proves itself with its credential; record and
     * addresses stay, and the old key stops working with the next admission set. A suspended device
     * keeps its key until it is resumed ({@code DEVICE_SUSPENDED}, or {@code DEVICE_OVER_QUOTA} for a
     * quota suspension), so a refused device cannot change what its gateway would admit.
     */
    public Device rotateKey(String credential, String newPublicKey) {
        EnrollmentRequest.refusePrivateMaterial("publicKey", newPublicKey);
        WireGuardKey key = WireGuardKey.parse("publicKey", newPublicKey);
        Instant now = clock.instant();
        return store.inTransaction(tx -> {
            Device before = DeviceCredentials.authenticate(tx, credential);
            if (before.state() == DeviceState.SUSPENDED) {
                boolean quota = before.suspension().orElse(null) == SuspensionReason.OVER_QUOTA;
                throw new DammException(quota ? ErrorCode.DEVICE_OVER_QUOTA : ErrorCode.DEVICE_SUSPENDED,
                        "device: " + before.id() + " is suspended (" + before.suspension().map(Enum::name).orElse("?") + "); its key stays until it is resumed");
            }
            if (before.publicKey().equals(key)) {
                throw DammException.invalid("publicKey", "is the device's current key; generate a new one");
            }
            if (tx.devices().findByPublicKey(key).isPresent()) {
                throw new DammException(ErrorCode.CONFLICT, "publicKey: already enrolled");
            }
            // WireGuard refuses a peer holding the interface's own key, so a gateway's key is never a device's.
            if (tx.gateways().list().stream().anyMatch(g -> g.publicKey().filter(key::equals).isPresent())) {
                throw new DammException(ErrorCode.CONFLICT, "publicKey: is a gateway's key; generate a new one");
            }
            Device after = before.toBuilder().publicKey(key).updatedAt(now).build();
            tx.devices().update(after);
            AuditLog.record(tx, now, "device:" + before.id(), "device.rotate_key", "device:" + before.id(),
                    AuditLog.snapshot(before), AuditLog.snapshot(after));
            return after;
        });
    }

    private static Device find(StoreTransaction tx, DeviceId id) {
        Require.nonNull("deviceId", id);
        return tx.devices().find(id).orElseThrow(() -> new DammException(ErrorCode.NOT_FOUND, "deviceId: " + id + " not found"));
    }

    private Device change(DeviceId id, String actor, String action, java.util.function.Function<Device, Device.Builder> f) {
        Require.text("actor", actor, 128);
        Instant now = clock.instant();
        return store.inTransaction(tx -> {
            Device before = find(tx, id);
            Device after = f.apply(before).updatedAt(now).build();
            tx.devices().update(after);
            AuditLog.record(tx, now, actor, action, "device:" + id, AuditLog.snapshot(before), AuditLog.snapshot(after));
            return after;
        });
    }
}
