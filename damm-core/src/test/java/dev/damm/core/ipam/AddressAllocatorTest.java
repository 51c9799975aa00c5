package dev.damm.core.ipam;

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
        List<AddressClaim> first = allocator.pick(store, T0);
        assertEquals(List.of(IpNetwork.parse("10.44.0.10/32")), allocator.addresses(first).subList(0, 1));
        lease(first, "dev-1");
        allocator.settle(first);
        // A new allocator (a restart) continues at the lowest free address.
        List<AddressClaim> second = new AddressAllocator(plan("10.44.0.0/24")).pick(store, T0);
        assertEquals(IpNetwork.parse("10.44.0.11/32"), new AddressAllocator(plan("10.44.0.0/24")).addresses(second).get(0));
    }

    @Test
    void anAddressInFlightIsNotPickedTwiceAndAGivenBackOneIsPickedAgain() {
        AddressAllocator allocator = new AddressAllocator(plan("10.44.0.0/24"));
        List<AddressClaim> one = allocator.pick(store, T0);
        List<AddressClaim> two = allocator.pick(store, T0);
        assertNotEquals(one.get(0), two.get(0), "the first is still being enrolled");
        allocator.giveBack(one);
        allocator.settle(one);
        assertEquals(one.get(0), allocator.pick(store, T0).get(0));
    }

    @Test
    void aLargePoolIsServedFromBlocksThatTwoAllocatorsNeverShare() {
        AddressAllocator a = new AddressAllocator(plan("10.60.0.0/16"));
        AddressAllocator b = new AddressAllocator(plan("10.60.0.0/16"));
        AddressClaim fromA = a.pick(store, T0).get(0);
        AddressClaim fromB = b.pick(store, T0).get(0);
        AddressClaim nextA = a.pick(store, T0).get(0);
        assertEquals(10, fromA.offset());
        assertEquals(fromA.offset() + 1, nextA.offset(), "a's block continues without asking the store");
        assertEquals(10 + 1023, fromB.offset(), "b's block starts after a's");
        // A block offset whose enrollment failed is the next one picked.
        a.giveBack(List.of(nextA));
        assertEquals(nextA, a.pick(store, T0).get(0));
    }

    @Test
    void aFullPoolIsExhaustedUntilARevokedAddressLeavesQuarantine() {
        AddressPlan tiny = new AddressPlan(IpNetwork.parse("10.45.0.0/29"), Optional.empty(), 1, 2, Duration.ofHours(1));
        AddressAllocator allocator = new AddressAllocator(tiny);
        for (int i = 0; i < 5; i++) {
            List<AddressClaim> c = allocator.pick(store, T0);
            lease(c, "dev-" + i);
            allocator.settle(c);
        }
        DammException full = assertThrows(DammException.class, () -> allocator.pick(store, T0));
        assertEquals(ErrorCode.ADDRESS_POOL_EXHAUSTED, full.errorCode());
        store.inTransaction(tx -> {
            allocator.release(tx.addressLeases(), DeviceId.of("dev-0"), List.of(IpNetwork.parse("10.45.0.2/32")), T0);
            return null;
        });
        assertThrows(DammException.class, () -> allocator.pick(store, T0.plus(Duration.ofMinutes(59))));
        assertEquals(2, allocator.pick(store, T0.plus(Duration.ofMinutes(60))).get(0).offset());
    }
}
