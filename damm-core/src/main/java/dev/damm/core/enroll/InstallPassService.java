package dev.damm.core.enroll;

import dev.damm.core.internal.audit.AuditLog;
import dev.damm.core.model.AccessTier;
import dev.damm.core.model.AccessTierId;
import dev.damm.core.ratelimit.AdaptiveRateLimiter;
import dev.damm.core.ratelimit.RateDecision;
import dev.damm.core.store.DammStore;
import dev.damm.core.store.InstallPass;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.Require;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Mints single-use, time-bound install passes bound to an access tier. Only a SHA-256 of each
 * pass is stored; minting is rate-limited per client address with a limit that tightens by itself
 * when the global mint rate surges.
 */
public final class InstallPassService {
    /** Pass secrets start with this, so a leaked one is recognisable in logs and scanners. */
    public static final String PREFIX = "dp_";
    static final Duration MAX_TTL = Duration.ofDays(30);

    private final DammStore store;
    private final Clock clock;
    private final RandomGenerator random;
    private final AdaptiveRateLimiter mintLimiter;

    public InstallPassService(DammStore store, Clock clock, RandomGenerator random, AdaptiveRateLimiter mintLimiter) {
        this.store = store;
        this.clock = clock;
        this.random = random;
        this.mintLimiter = mintLimiter;
    }

    /**
     * Mints a pass for {@code tier} valid for {@code ttl}.
     *
     * @param actor who asked (admin name, or {@code public:<address>} for the self-service wizard)
     * @param clientAddress the caller's address, for the rate limit
     */
    public MintedPass mint(AccessTierId tier, Duration ttl, String actor, String clientAddress) {
        Require.nonNull("tierId", tier);
        Require.nonNull("ttl", ttl);
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
            throw DammException.invalid("ttl", "must be between 1 second and " + MAX_TTL.toDays() + " days, was " + ttl);
        }
        Require.text("actor", actor, 128);
        RateDecision decision = mintLimiter.tryAcquire(clientAddress);
        if (decision instanceof RateDecision.Limited limited) {
            throw DammException.retryable(ErrorCode.RATE_LIMITED, "clientAddress: too many passes minted; retry in "
                    + Math.max(1, limited.retryAfter().toSeconds()) + " s", limited.retryAfter());
        }
        Instant now = clock.instant();
        String secret = Secrets.newSecret(random, PREFIX);
        String id = Secrets.newId(random, "pass_");
        InstallPass pass = new InstallPass(id, Secrets.hash(secret), tier, now, now.plus(ttl), actor, Optional.empty(), Optional.empty());
        store.inTransaction(tx -> {
            AccessTier t = tx.accessTiers().find(tier)
                    .orElseThrow(() -> new DammException(ErrorCode.NOT_FOUND, "tierId: " + tier + " does not exist"));
            if (!t.active()) {
                throw new DammException(ErrorCode.POLICY_DENIED, "tierId: " + tier + " is retired");
            }
            tx.installPasses().insert(pass);
            AuditLog.record(tx, now, actor, "pass.mint", "pass:" + id, null,
                    Map.of("tierId", tier.value(), "expiresAt", pass.expiresAt().toString()));
            return null;
        });
        return new MintedPass(id, secret, tier, pass.expiresAt());
    }
}
