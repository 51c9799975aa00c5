package dev.damm.core.internal.ipam;
import dev.damm.core.ipam.AddressPlan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.damm.core.model.DeviceId;
import dev.damm.core.store.AddressClaim;
import dev.damm.core.store.DammStore;
import dev.damm.core.store.InMemoryStore;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.net.IpNetwork;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AddressAllocatorTest {
    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
    private final DammStore store = new InMemoryStore();

    private static AddressPlan plan(String v4) {
        return new AddressPlan(IpNetwork.parse(v4), Optional.of(IpNetwork.parse("fd00:44::/64")), 1, 10, Duration.ofHours(1));
    }

    private void lease(List<AddressClaim> claims, String device) {
        store.inTransaction(tx -> {
            claims.forEach(c -> tx.addressLeases().claim(c.poolId(), c.offset(), DeviceId.of(device), T0, T0));
            return null;
        });
    }

    @Test
    void aSmallPoolIsFilledDenselyFromItsLowestFreeAddress() {
        AddressAllocator allocator = new AddressAllocator(plan("10.44.0.0/24"));
        try (AddressReservation first = allocator.reserve(store, T0)) {
            assertEquals(List.of(IpNetwork.parse("10.44.0.10/32")), first.addresses().subList(0, 1));
            lease(first.claims(), "dev-1");
            first.markTaken();
        }
        // A new allocator (a restart) continues at the lowest free address.
        try (AddressReservation second = new AddressAllocator(plan("10.44.0.0/24")).reserve(store, T0)) {
            assertEquals(IpNetwork.parse("10.44.0.11/32"), second.addresses().get(0));
        }
    }

    @Test
    void anAddressInFlightIsNotPickedTwiceAndAClosedUnusedOneIsPickedAgain() {
        AddressAllocator allocator = new AddressAllocator(plan("10.44.0.0/24"));
        AddressReservation one = allocator.reserve(store, T0);
        try (AddressReservation two = allocator.reserve(store, T0)) {
            assertNotEquals(one.claims().get(0), two.claims().get(0), "the first is still being enrolled");
        }
        one.close();
        one.close(); // idempotent: offered once, not twice
        try (AddressReservation again = allocator.reserve(store, T0); AddressReservation next = allocator.reserve(store, T0)) {
            assertEquals(one.claims().get(0), again.claims().get(0));
            assertNotEquals(one.claims().get(0), next.claims().get(0));
        }
    }

    @Test
    void aLargePoolIsServedFromBlocksThatTwoAllocatorsNeverShare() {
        AddressAllocator a = new AddressAllocator(plan("10.60.0.0/16"));
        AddressAllocator b = new AddressAllocator(plan("10.60.0.0/16"));
        AddressReservation fromA = a.reserve(store, T0);
        AddressReservation fromB = b.reserve(store, T0);
        AddressReservation nextA = a.reserve(store, T0);
        assertEquals(10, fromA.claims().get(0).offset());
        assertEquals(fromA.claims().get(0).offset() + 1, nextA.claims().get(0).offset(), "a's block continues without asking the store");
        assertEquals(10 + 1023, fromB.claims().get(0).offset(), "b's block starts after a's");
        // A block offset whose enrollment failed (closed without being taken) is the next one picked.
        nextA.close();
        try (AddressReservation again = a.reserve(store, T0)) {
            assertEquals(nextA.claims().get(0), again.claims().get(0));
        }
        // One that was taken is not offered again.
        fromA.markTaken();
        fromA.close();
        try (AddressReservation after = a.reserve(store, T0)) {
            assertNotEquals(fromA.claims().get(0), after.claims().get(0));
        }
    }

    @Test
    void aFullPoolIsExhaustedUntilARevokedAddressLeavesQuarantine() {
        AddressPlan tiny = new AddressPlan(IpNetwork.parse("10.45.0.0/29"), Optional.empty(), 1, 2, Duration.ofHours(1));
        AddressAllocator allocator = new AddressAllocator(tiny);
        for (int i = 0; i < 5; i++) {
            try (AddressReservation c = allocator.reserve(store, T0)) {
                lease(c.claims(), "dev-" + i);
                c.markTaken();
            }
        }
        DammException full = assertThrows(DammException.class, () -> allocator.reserve(store, T0));
        assertEquals(ErrorCode.ADDRESS_POOL_EXHAUSTED, full.errorCode());
        store.inTransaction(tx -> {
            allocator.release(tx.addressLeases(), DeviceId.of("dev-0"), List.of(IpNetwork.parse("10.45.0.2/32")), T0);
            return null;
        });
        assertThrows(DammException.class, () -> allocator.reserve(store, T0.plus(Duration.ofMinutes(59))));
        try (AddressReservation r = allocator.reserve(store, T0.plus(Duration.ofMinutes(60)))) {
            assertEquals(2, r.claims().get(0).offset());
        }
    }
}
