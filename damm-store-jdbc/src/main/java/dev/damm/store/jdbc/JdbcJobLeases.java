package dev.damm.store.jdbc;

import dev.damm.core.store.JobLease;
import dev.damm.core.store.JobLeaseRepository;
import dev.damm.spi.Require;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Job leases as rows of {@code job_leases}. Taking a lease is a conditional UPDATE (it applies
 * only when the caller holds the lease or it has expired) and, when there is no row yet, an
 * INSERT that does nothing on conflict: the row lock and the primary key decide between two
 * servers asking at once, so exactly one holds the lease.
 */
final class JdbcJobLeases implements JobLeaseRepository {
    private final JdbcTransaction tx;

    JdbcJobLeases(JdbcTransaction tx) {
        this.tx = tx;
    }

    @Override
    public boolean acquire(String job, String holder, Instant now, Instant until) {
        new JobLease(job, holder, until);
        Require.nonNull("now", now);
        int moved = tx.jdbi("renew job lease", h -> h.createUpdate("UPDATE job_leases SET holder = :holder, expires_at = :until "
                + "WHERE job = :job AND (holder = :holder OR expires_at <= :now)")
                .bind("holder", holder)
                .bindByType("until", until, Instant.class)
                .bind("job", job)
                .bindByType("now", now, Instant.class)
                .execute());
        if (moved == 1) {
            return true;
        }
        int created = tx.jdbi("take job lease", h -> h.createUpdate("INSERT INTO job_leases (job, holder, expires_at) "
                + "VALUES (:job, :holder, :until) ON CONFLICT DO NOTHING")
                .bind("job", job)
                .bind("holder", holder)
                .bindByType("until", until, Instant.class)
                .execute());
        return created == 1;
    }

    @Override
    public void release(String job, String holder) {
        tx.jdbi("release job lease", h -> h.createUpdate("DELETE FROM job_leases WHERE job = :job AND holder = :holder")
                .bind("job", job)
                .bind("holder", holder)
                .execute());
    }

    @Override
    public Optional<JobLease> find(String job) {
        return tx.jdbi("find job lease", h -> h.createQuery("SELECT job, holder, expires_at FROM job_leases WHERE job = :job")
                .bind("job", job)
                .map((rs, ctx) -> new JobLease(rs.getString("job"), rs.getString("holder"), Rows.instant(rs, "expires_at")))
                .findOne());
    }

    @Override
    public List<JobLease> list() {
        return List.copyOf(tx.jdbi("list job leases", h -> h.createQuery("SELECT job, holder, expires_at FROM job_leases ORDER BY job")
                .map((rs, ctx) -> new JobLease(rs.getString("job"), rs.getString("holder"), Rows.instant(rs, "expires_at")))
                .list()));
    }
}
