package dev.damm.core.store;

import dev.damm.core.model.DeviceId;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * Tunnel address leases, one row per (pool, offset): the address at {@code offset} from the
 * pool's first address. A lease is <em>taken</em> while held by a device, and stays taken for
 * a quarantine period after release, so a revoked device's address is not handed to a new
 * device while peers may still route to it. The store guarantees no two devices hold the same
 * (pool, offset).
 */
public interface AddressLeaseRepository {
    /**
     * The lowest offset in [{@code first}, {@code last}] that is free: no lease, or a lease
     * released at or before {@code reusableBefore}. Empty when every offset is taken.
     */
    OptionalLong lowestFreeOffset(String poolId, long first, long last, Instant reusableBefore);

    /**
     * Claims the offset for {@code device} if it is free in the sense above. Returns false when it
     * is taken (including by a concurrent transaction), never throws for that case.
     */
    boolean claim(String poolId, long offset, DeviceId device, Instant now, Instant reusableBefore);

    /** Releases the device's lease at {@code offset}; a no-op when it holds none there. */
    void release(String poolId, long offset, DeviceId device, Instant at);

    /** Number of taken leases in the pool (held, or released after {@code reusableBefore}). */
    long countTaken(String poolId, Instant reusableBefore);
}
