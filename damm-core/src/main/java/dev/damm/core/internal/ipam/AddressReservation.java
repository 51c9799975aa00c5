package dev.damm.core.internal.ipam;

import dev.damm.core.store.AddressClaim;
import dev.damm.spi.net.IpNetwork;
import java.util.List;

/**
 * The tunnel addresses picked for one enrollment ({@link AddressAllocator#reserve}), kept from
 * this allocator's other enrollments until closed. Nothing is leased yet: the enrollment's store
 * write claims them. Use it in try-with-resources so it cannot leak whatever the write does:
 * closing ends the reservation and, unless {@link #markTaken} was called, offers the offsets to
 * the next enrollment (a failed write leased none of them). Not thread-safe: one enrollment owns it.
 */
public final class AddressReservation implements AutoCloseable {
    private final AddressAllocator allocator;
    private final List<AddressClaim> claims;
    private boolean taken;
    private boolean closed;

    AddressReservation(AddressAllocator allocator, List<AddressClaim> claims) {
        this.allocator = allocator;
        this.claims = List.copyOf(claims);
    }

    /** The leases to claim, one per pool of the plan (v4, then v6 if any). */
    public List<AddressClaim> claims() {
        return claims;
    }

    /** The tunnel addresses (host routes) of {@link #claims}, in the same order. */
    public List<IpNetwork> addresses() {
        return allocator.addresses(claims);
    }

    /**
     * Says the offsets are no longer free: this enrollment leased them, or a concurrent one took
     * them first. Closing then does not offer them again.
     */
    public void markTaken() {
        taken = true;
    }

    /** Ends the reservation; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        allocator.end(claims, !taken);
    }
}
