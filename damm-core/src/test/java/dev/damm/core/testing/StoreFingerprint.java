package dev.damm.core.testing;

import dev.damm.core.store.DammStore;
import java.time.Instant;
import java.util.List;

/** A summary of everything a test can observe in a store, to assert that a failure changed nothing. */
public record StoreFingerprint(long devices, int auditEvents, long v4Leases, List<?> gateways, List<?> pools, List<?> tiers, List<?> deviceRows) {

    /** Asserts that {@code call} fails with {@code code} and leaves {@code store} exactly as it was. */
    public static dev.damm.spi.DammException assertFailsUnchanged(DammStore store, dev.damm.spi.ErrorCode code, Runnable call) {
        StoreFingerprint before = of(store);
        dev.damm.spi.DammException e = org.junit.jupiter.api.Assertions.assertThrows(dev.damm.spi.DammException.class, call::run);
        org.junit.jupiter.api.Assertions.assertEquals(code, e.errorCode(), e.getMessage());
        org.junit.jupiter.api.Assertions.assertEquals(before, of(store), "a failed call changed the store");
        return e;
    }

    public static StoreFingerprint of(DammStore store) {
        return store.inTransaction(tx -> new StoreFingerprint(
                tx.devices().count(),
                tx.audit().list(0, Integer.MAX_VALUE).size(),
                tx.addressLeases().countTaken("v4:10.44.0.0/24", Instant.EPOCH),
                tx.gateways().list(),
                tx.egressPools().list(),
                tx.accessTiers().list(),
                tx.gateways().list().stream().flatMap(g -> tx.devices().listByGateway(g.id(), dev.damm.core.model.DeviceState.ACTIVE).stream()).toList()));
    }
}
