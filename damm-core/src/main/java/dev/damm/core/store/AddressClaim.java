package dev.damm.core.store;

import dev.damm.spi.Require;

/**
 * One tunnel address an enrollment wants: the lease at {@code offset} of pool {@code poolId}.
 *
 * @param poolId the lease pool, as in {@link AddressLeaseRepository}
 * @param offset the address's offset from the pool's network address
 */
public record AddressClaim(String poolId, long offset) {
    public AddressClaim {
        Require.text("addressClaim.poolId", poolId, 128);
        Require.nonNegative("addressClaim.offset", offset);
    }
}
