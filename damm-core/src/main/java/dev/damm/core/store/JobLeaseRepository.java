package dev.damm.core.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Leases that let several servers on one store run each background job on one server at a time.
 * Taking and renewing a lease is one conditional write: it applies only when the job has no
 * lease, its lease has expired, or the caller already holds it, so of two servers asking at once
 * exactly one gets it.
 */
public interface JobLeaseRepository {
    /**
     * Takes or renews {@code job}'s lease for {@code holder} until {@code until}, if no one else
     * holds it at {@code now}; returns whether {@code holder} holds it now.
     */
    boolean acquire(String job, String holder, Instant now, Instant until);

    /** Gives the lease up if {@code holder} holds it (on shutdown, so another server need not wait for expiry). */
    void release(String job, String holder);

    Optional<JobLease> find(String job);

    /** Every lease, by job name. */
    List<JobLease> list();
}
