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

    /** True when the offset is free in the sense above: no lease, or one released at or before {@code reusableBefore}. */
    boolean isFree(String poolId, long offset, Instant reusableBefore);

    /**
     * Claims the offset for {@code device} if it is free in the sense above. Returns false when it
     * is taken (including by a concurrent transaction), never throws for that case.
     */
    boolean claim(String poolId, long offset, DeviceId device, Instant now, Instant reusableBefore);

    /**
     * Reserves up to {@code size} offsets of the pool that no lease has ever been handed out
     * for, by moving the pool's allocation cursor past them, and returns the first; the block
     * is [first returned, min(first returned + size - 1, {@code last})]. The cursor starts above
     * the highest lease in [{@code first}, {@code last}] and only moves up, so two callers never
     * get overlapping blocks. Empty once the cursor has passed {@code last}: from then on free
     * offsets are found with {@link #lowestFreeOffset}. A reserved offset is not yet leased:
     * it still has to be {@linkplain #claim claimed}.
     */
    OptionalLong reserveBlock(String poolId, long first, long last, int size);

    /** Releases the device's lease at {@code offset}; a no-op when it holds none there. */
    void release(String poolId, long offset, DeviceId device, Instant at);

    /** Number of taken leases in the pool (held, or released after {@code reusableBefore}). */
    long countTaken(String poolId, Instant reusableBefore);
}
