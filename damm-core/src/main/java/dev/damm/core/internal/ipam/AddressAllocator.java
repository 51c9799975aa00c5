package dev.damm.core.internal.ipam;
import dev.damm.core.ipam.AddressPlan;

import dev.damm.core.model.DeviceId;
import dev.damm.core.store.AddressClaim;
import dev.damm.core.store.AddressLeaseRepository;
import dev.damm.core.store.DammStore;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.net.IpNetwork;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Hands out tunnel addresses from an {@link AddressPlan} through the store's lease table, which
 * is what guarantees no two devices share an address even across servers; this class only picks
 * candidates; the enrollment's write claims them, and picks again when a concurrent one took one first.
 *
 * <p>Enrollments pick their candidates with {@link #reserve} before their single store write. In a
 * large pool, first from a block of never-leased offsets this allocator reserved by moving the
 * pool's cursor ({@link AddressLeaseRepository#reserveBlock}), so concurrent enrollments, on this
 * server or another, never aim at one offset and never queue on one row; once the cursor has
 * passed the pool's end (and always in a small pool, where addresses stay dense: the lowest free
 * one is used, also after a restart), from the lowest free offset: gaps left by crashed servers'
 * blocks, and released leases whose quarantine is over. Offsets this allocator handed out and
 * whose enrollment has not finished (its {@link AddressReservation} is open) are skipped there. The write then claims each
 * candidate only if it is still free, which is what keeps the quarantine: a released address is
 * never a candidate before the scan phase, and a claim of one still in quarantine is refused.
 * Thread-safe.
 */
public final class AddressAllocator {
    /** Offsets reserved per block; smaller pools get smaller blocks so several servers share them. */
    private static final int MAX_BLOCK = 1024;
    /** Pools with fewer client offsets than this are allocated densely, from the lowest free offset. */
    private static final long MIN_BLOCK_POOL = 4096;
    private final AddressPlan plan;
    private final PoolBlocks v4;
    private final PoolBlocks v6;

    public AddressAllocator(AddressPlan plan) {
        this.plan = plan;
        this.v4 = new PoolBlocks(plan.v4PoolId(), plan.firstClientOffset(), plan.lastV4Offset());
        this.v6 = plan.v6Pool().isPresent() ? new PoolBlocks(plan.v6PoolId(), plan.firstClientOffset(), plan.lastV6Offset()) : null;
    }

    /**
     * Picks one candidate per pool of the plan (v4, then v6 if any) for an enrollment at
     * {@code now}; nothing is claimed yet. Close the reservation when the enrollment's write has
     * returned or failed. Throws ADDRESS_POOL_EXHAUSTED when a pool has no free address.
     */
    public AddressReservation reserve(DammStore store, Instant now) {
        Instant reusableBefore = now.minus(plan.quarantine());
        List<AddressClaim> out = new ArrayList<>(2);
        out.add(v4.next(store, reusableBefore));
        if (v6 != null) {
            try {
                out.add(v6.next(store, reusableBefore));
            } catch (RuntimeException | Error e) {
                end(out, true);
                throw e;
            }
        }
        return new AddressReservation(this, out);
    }

    /**
     * Ends a reservation: the offsets stop being skipped as another enrollment's and, when
     * {@code free} (its write leased none of them), are offered to the next pick.
     */
    void end(List<AddressClaim> claims, boolean free) {
        for (AddressClaim c : claims) {
            PoolBlocks p = pool(c);
            if (p != null) {
                if (free) {
                    p.giveBack(c.offset());
                }
                p.settle(c.offset());
            }
        }
    }

    private PoolBlocks pool(AddressClaim c) {
        if (c.poolId().equals(v4.poolId)) {
            return v4;
        }
        return v6 != null && c.poolId().equals(v6.poolId) ? v6 : null;
    }

    /** The tunnel addresses (host routes) of picked offsets, in the order given. */
    List<IpNetwork> addresses(List<AddressClaim> claims) {
        List<IpNetwork> out = new ArrayList<>(claims.size());
        for (AddressClaim c : claims) {
            out.add(IpNetwork.host(c.poolId().equals(v4.poolId) ? plan.v4At(c.offset()) : plan.v6At(c.offset())));
        }
        return out;
    }

    public AddressPlan plan() {
        return plan;
    }

    /** Returns the device's addresses to the pool; they become reusable after the quarantine. */
    public void release(AddressLeaseRepository leases, DeviceId device, List<IpNetwork> addresses, Instant now) {
        for (IpNetwork a : addresses) {
            if (a.isIpv4() && plan.v4Pool().contains(a.address())) {
                leases.release(plan.v4PoolId(), plan.v4Pool().offsetOf(a.address()).longValueExact(), device, now);
            } else if (!a.isIpv4() && plan.v6Pool().isPresent() && plan.v6Pool().get().contains(a.address())) {
                BigInteger off = plan.v6Pool().get().offsetOf(a.address());
                leases.release(plan.v6PoolId(), off.longValueExact(), device, now);
            }
        }
    }

    /** One pool's reserved block and given-back offsets. */
    private static final class PoolBlocks {
        private final String poolId;
        private final long first;
        private final long last;
        private final int blockSize;
        private final ArrayDeque<Long> spare = new ArrayDeque<>();
        private final Object refill = new Object();
        /** Offsets handed out from the scan whose enrollment has not settled; guarded by this. */
        private final java.util.Set<Long> inFlight = new java.util.HashSet<>();
        private long next;
        private long end = -1; // inclusive; next > end means no block
        /** Set once the cursor passed the pool's end: candidates come from the scan from then on. */
        private volatile boolean cursorExhausted;

        PoolBlocks(String poolId, long first, long last) {
            this.poolId = poolId;
            this.first = first;
            this.last = last;
            long size = last - first + 1;
            this.blockSize = (int) Math.max(1, Math.min(MAX_BLOCK, size / 64));
            this.cursorExhausted = size < MIN_BLOCK_POOL;
        }

        AddressClaim next(DammStore store, Instant reusableBefore) {
            synchronized (this) {
                AddressClaim c = fromBlock();
                if (c != null) {
                    return c;
                }
            }
            if (!cursorExhausted) {
                // One thread refills while the others wait for its block, instead of each
                // reserving one and queueing on the cursor row.
                synchronized (refill) {
                    synchronized (this) {
                        AddressClaim c = fromBlock();
                        if (c != null) {
                            return c;
                        }
                    }
                    if (!cursorExhausted) {
                        // Its own short transaction: the cursor moves for good even if this enrollment fails.
                        OptionalLong start = store.inTransaction(tx -> tx.addressLeases().reserveBlock(poolId, first, last, blockSize));
                        if (start.isPresent()) {
                            long from = start.getAsLong();
                            synchronized (this) {
                                next = from + 1;
                                end = from > last - (blockSize - 1) ? last : from + blockSize - 1;
                            }
                            return new AddressClaim(poolId, from);
                        }
                        cursorExhausted = true;
                    }
                }
            }
            long from = first;
            while (true) {
                long start = from;
                OptionalLong free = store.inTransaction(tx -> tx.addressLeases().lowestFreeOffset(poolId, start, last, reusableBefore));
                if (free.isEmpty()) {
                    throw exhausted(poolId);
                }
                synchronized (this) {
                    if (inFlight.add(free.getAsLong())) {
                        return new AddressClaim(poolId, free.getAsLong());
                    }
                }
                // Another enrollment of this server is about to claim it: look further up.
                if (free.getAsLong() >= last) {
                    throw exhausted(poolId);
                }
                from = free.getAsLong() + 1;
            }
        }

        /** The next spare or block offset, or null; called holding this. */
        private AddressClaim fromBlock() {
            Long s = spare.pollFirst();
            if (s != null) {
                return new AddressClaim(poolId, s);
            }
            if (next <= end) {
                return new AddressClaim(poolId, next++);
            }
            return null;
        }

        synchronized void giveBack(long offset) {
            // A scanned offset is found again by the scan; a block offset would be lost.
            if (!inFlight.contains(offset)) {
                spare.addFirst(offset);
            }
        }

        synchronized void settle(long offset) {
            inFlight.remove(offset);
        }
    }

    private static DammException exhausted(String poolId) {
        return new DammException(ErrorCode.ADDRESS_POOL_EXHAUSTED,
                "addressPool: " + poolId + " has no free address (revoked addresses rest in quarantine before reuse)");
    }
}
