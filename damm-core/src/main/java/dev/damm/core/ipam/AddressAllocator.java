package dev.damm.core.ipam;

import dev.damm.core.model.DeviceId;
import dev.damm.core.store.AddressLeaseRepository;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.net.IpNetwork;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Hands out tunnel addresses from an {@link AddressPlan} through the store's lease table, which
 * is what guarantees no two devices share an address even across servers; this class only picks
 * candidates and retries when a concurrent transaction took one first.
 */
public final class AddressAllocator {
    /** Enough to ride out a burst of concurrent claims; each retry looks again for the lowest free offset. */
    private static final int MAX_ATTEMPTS = 64;
    private final AddressPlan plan;

    public AddressAllocator(AddressPlan plan) {
        this.plan = plan;
    }

    public AddressPlan plan() {
        return plan;
    }

    /** Allocates a v4 /32 (and a v6 /128 when the plan has a v6 pool) for {@code device}. */
    public List<IpNetwork> allocate(AddressLeaseRepository leases, DeviceId device, Instant now) {
        Instant reusableBefore = now.minus(plan.quarantine());
        List<IpNetwork> out = new ArrayList<>(2);
        long v4 = claim(leases, plan.v4PoolId(), plan.firstClientOffset(), plan.lastV4Offset(), device, now, reusableBefore);
        out.add(IpNetwork.host(plan.v4At(v4)));
        if (plan.v6Pool().isPresent()) {
            long v6 = claim(leases, plan.v6PoolId(), plan.firstClientOffset(), plan.lastV6Offset(), device, now, reusableBefore);
            out.add(IpNetwork.host(plan.v6At(v6)));
        }
        return out;
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

    private static long claim(AddressLeaseRepository leases, String poolId, long first, long last, DeviceId device,
            Instant now, Instant reusableBefore) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            OptionalLong candidate = leases.lowestFreeOffset(poolId, first, last, reusableBefore);
            if (candidate.isEmpty()) {
                throw new DammException(ErrorCode.ADDRESS_POOL_EXHAUSTED,
                        "addressPool: " + poolId + " has no free address (revoked addresses rest in quarantine before reuse)");
            }
            if (leases.claim(poolId, candidate.getAsLong(), device, now, reusableBefore)) {
                return candidate.getAsLong();
            }
        }
        throw DammException.retryable(ErrorCode.CONFLICT, "addressPool: " + poolId + " is contended; retry", null);
    }
}
