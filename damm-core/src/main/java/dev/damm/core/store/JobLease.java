package dev.damm.core.store;

import dev.damm.spi.Require;
import java.time.Instant;

/**
 * Who runs a background job right now: {@code holder} may run {@code job} until {@code expiresAt},
 * and must renew before then to keep running it. A holder that dies stops renewing, so its lease
 * lapses and another server takes the job over.
 */
public record JobLease(String job, String holder, Instant expiresAt) {
    public JobLease {
        Require.text("lease.job", job, 64);
        Require.text("lease.holder", holder, 128);
        Require.nonNull("lease.expiresAt", expiresAt);
    }
}
