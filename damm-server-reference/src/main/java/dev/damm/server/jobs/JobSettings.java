package dev.damm.server.jobs;

import dev.damm.spi.DammException;
import dev.damm.spi.Require;
import java.time.Duration;

/**
 * How often each background job runs and how long a server's lease on a job lasts. The loop's
 * own interval is the server's tick ({@code ServerSettings.tickEvery}).
 *
 * @param lease how long a lease lasts; the holder renews it every third of that, and a server
 *     that died loses its jobs to another server at most this long after its last renewal
 * @param admissionEvery how often admission sets are brought up to date
 * @param auditRetentionEvery how often old audit events are deleted
 * @param auditRetention how long audit events are kept (at least an hour)
 * @param passExpiryEvery how often expired unused install passes are deleted
 * @param passExpiryGrace how long past its expiry an unused pass is kept (so an operator can still see why an enrollment was refused)
 */
public record JobSettings(Duration lease, Duration admissionEvery, Duration auditRetentionEvery, Duration auditRetention,
        Duration passExpiryEvery, Duration passExpiryGrace) {
    public JobSettings {
        positive("lease", lease);
        positive("admissionEvery", admissionEvery);
        positive("auditRetentionEvery", auditRetentionEvery);
        Require.nonNull("auditRetention", auditRetention);
        if (auditRetention.compareTo(Duration.ofHours(1)) < 0) {
            throw DammException.invalid("auditRetention", "must be at least one hour, was " + auditRetention);
        }
        positive("passExpiryEvery", passExpiryEvery);
        Require.nonNull("passExpiryGrace", passExpiryGrace);
        if (passExpiryGrace.isNegative()) {
            throw DammException.invalid("passExpiryGrace", "must not be negative");
        }
        if (lease.compareTo(Duration.ofSeconds(3)) < 0) {
            throw DammException.invalid("lease", "must be at least 3 seconds, was " + lease);
        }
    }

    private static void positive(String field, Duration d) {
        Require.nonNull(field, d);
        if (d.isNegative() || d.isZero()) {
            throw DammException.invalid(field, "must be positive, was " + d);
        }
    }

    /** Leases of 30 s; admission sets every 10 s; audit retention hourly, keeping 90 days; pass expiry every 10 min, a day's grace. */
    public static JobSettings defaults() {
        return new JobSettings(Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofHours(1), Duration.ofDays(90),
                Duration.ofMinutes(10), Duration.ofDays(1));
    }
}
