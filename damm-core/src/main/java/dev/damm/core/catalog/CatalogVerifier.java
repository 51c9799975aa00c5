package dev.damm.core.catalog;

import dev.damm.core.enroll.Secrets;

import dev.damm.core.trust.Acceptance;
import dev.damm.core.trust.AcceptedSerial;
import dev.damm.core.trust.DsseVerification;
import dev.damm.core.trust.DsseVerifier;
import dev.damm.core.trust.KeyId;
import dev.damm.core.trust.RejectionReason;
import dev.damm.core.trust.RootUpdate;
import dev.damm.core.trust.RootVerifier;
import dev.damm.core.trust.TrustStore;
import dev.damm.core.trust.TrustedRoot;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.Require;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Decides on a client whether a fetched catalog may be used, and remembers what it accepted.
 *
 * <p>Checks, in order: size (before parsing), envelope shape, payload type, newer roots if any
 * were supplied (each must chain from the current one), root expiry, signatures against the
 * root's catalog keys and threshold, payload shape, scope, issued-at against the clock (with a
 * skew allowance), valid-until, and the serial against the last one accepted for the scope. The
 * serial check and its record are one compare-and-set in the {@link TrustStore} ({@link
 * TrustStore#accept}): higher, or equal with the same payload digest, decided under the store's
 * lock, so verifiers sharing a store never accept two catalogs with one serial. An accepted newer
 * root is stored even if the catalog that came with it is then rejected; storing it forgets the
 * serials vouched for by catalog keys it removed (fast-forward recovery, see {@link TrustStore}).
 *
 * <p>Never throws for bad input. Thread-safe.
 */
public final class CatalogVerifier {
    /** Default size limit of a catalog envelope: 1 MiB. */
    public static final int DEFAULT_MAX_BYTES = 1 << 20;
    /** Default allowance for a client clock that runs behind the publisher's: five minutes. */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofMinutes(5);

    private final TrustStore store;
    private final CatalogScope scope;
    private final Clock clock;
    private final Duration clockSkew;
    private final int maxBytes;
    private final RootVerifier roots;

    private CatalogVerifier(Builder b) {
        this.store = Require.nonNull("store", b.store);
        this.scope = Require.nonNull("scope", b.scope);
        this.clock = b.clock;
        this.clockSkew = b.clockSkew;
        this.maxBytes = b.maxBytes;
        this.roots = new RootVerifier();
    }

    /** Starts a verifier for catalogs of {@code scope}, remembering state in {@code store}. */
    public static Builder builder(TrustStore store, CatalogScope scope) {
        return new Builder(store, scope);
    }

    /** Verifies a catalog envelope against the stored root. */
    public Verification verify(byte[] envelope) {
        return verify(envelope, List.of());
    }

    /**
     * Verifies a catalog envelope after following {@code newerRoots} (root envelopes in version
     * order; ones not newer than the stored root are skipped) from the stored root.
     */
    public synchronized Verification verify(byte[] envelope, List<byte[]> newerRoots) {
        if (envelope == null) {
            return rejected(RejectionReason.MALFORMED, "envelope: is missing");
        }
        if (envelope.length > maxBytes) {
            return rejected(RejectionReason.OVERSIZED, "envelope: is " + envelope.length + " bytes, limit is " + maxBytes);
        }
        TrustedRoot root = store.root();
        if (newerRoots != null && !newerRoots.isEmpty()) {
            RootUpdate update = roots.follow(root, newerRoots);
            if (update instanceof RootUpdate.Rejected r) {
                return rejected(RejectionReason.ROOT_CHAIN_BROKEN, "roots: " + r.reason().code() + ": " + r.detail());
            }
            TrustedRoot newest = ((RootUpdate.Accepted) update).root();
            if (newest.version() > root.version()) {
                try {
                    // Forgets the serials the new root's catalog keys no longer vouch for (fast-forward recovery).
                    store.replaceRoot(newest);
                } catch (DammException e) {
                    if (e.errorCode() != ErrorCode.CONFLICT) {
                        throw e;
                    }
                    // Another verifier sharing the store stored this root or a newer one meanwhile.
                }
                root = store.root();
            }
        }
        Instant now = clock.instant();
        // A verifier sharing the store may follow a newer root between the check and the record;
        // the record then refuses, and the catalog is checked again under the root now stored.
        for (int attempt = 0; ; attempt++) {
            Object checked = check(root, envelope, now);
            if (checked instanceof Verification.Rejected r) {
                return r;
            }
            Checked c = (Checked) checked;
            Acceptance a = store.accept(scope.key(), AcceptedSerial.of(c.catalog().serial(), c.digest(), c.signers()), root.version());
            if (a instanceof Acceptance.Accepted) {
                boolean stale = now.isAfter(c.catalog().freshUntil());
                return new Verification.Trusted(c.catalog(), stale, c.signers(), root.version());
            }
            if (a instanceof Acceptance.Refused r) {
                return rejected(r.reason(), r.detail());
            }
            if (attempt >= 3) {
                return rejected(RejectionReason.ROOT_CHAIN_BROKEN, "root: changed " + attempt + " times while the catalog was verified");
            }
            root = store.root();
        }
    }

    private record Checked(Catalog catalog, String digest, Set<KeyId> signers) {}

    /** Everything but the serial: a {@link Verification.Rejected} or a {@link Checked}. */
    private Object check(TrustedRoot root, byte[] envelope, Instant now) {
        if (root.isExpiredAt(now)) {
            return rejected(RejectionReason.ROOT_EXPIRED,
                    "root: version " + root.version() + " expired at " + root.document().expires() + "; fetch a newer root");
        }
        DsseVerification checked = new DsseVerifier(Catalog.PAYLOAD_TYPE, root.document().catalogKeys(), maxBytes).verify(envelope);
        if (checked instanceof DsseVerification.Rejected r) {
            return rejected(r.reason(), r.detail());
        }
        DsseVerification.Verified ok = (DsseVerification.Verified) checked;
        byte[] payload = ok.envelope().payload();
        Catalog catalog;
        try {
            catalog = CatalogCodec.decode(payload);
        } catch (DammException e) {
            return rejected(RejectionReason.MALFORMED, e.getMessage());
        }
        if (!catalog.scope().equals(scope)) {
            return rejected(RejectionReason.SCOPE_MISMATCH, "scope: expected " + scope + ", catalog is for " + catalog.scope());
        }
        if (catalog.issuedAt().isAfter(now.plus(clockSkew))) {
            return rejected(RejectionReason.NOT_YET_VALID,
                    "issuedAt: " + catalog.issuedAt() + " is more than " + clockSkew + " after the client's clock " + now);
        }
        if (!now.isBefore(catalog.validUntil())) {
            return rejected(RejectionReason.EXPIRED, "validUntil: " + catalog.validUntil() + " has passed (now " + now + ")");
        }
        return new Checked(catalog, Secrets.sha256Hex(payload), ok.signers());
    }

    private static Verification.Rejected rejected(RejectionReason reason, String detail) {
        return new Verification.Rejected(reason, detail);
    }

    /** Returns the scope this verifier accepts. */
    public CatalogScope scope() {
        return scope;
    }

    /** Configures a {@link CatalogVerifier}; not thread-safe. */
    public static final class Builder {
        private final TrustStore store;
        private final CatalogScope scope;
        private Clock clock = Clock.systemUTC();
        private Duration clockSkew = DEFAULT_CLOCK_SKEW;
        private int maxBytes = DEFAULT_MAX_BYTES;

        private Builder(TrustStore store, CatalogScope scope) {
            this.store = Require.nonNull("store", store);
            this.scope = Require.nonNull("scope", scope);
        }

        /** Sets the clock (default: system UTC). */
        public Builder clock(Clock clock) {
            this.clock = Require.nonNull("clock", clock);
            return this;
        }

        /** Sets how far in the future issued-at may be before a catalog is not yet valid. */
        public Builder clockSkew(Duration clockSkew) {
            Require.nonNull("clockSkew", clockSkew);
            if (clockSkew.isNegative()) {
                throw DammException.invalid("clockSkew", "must not be negative");
            }
            this.clockSkew = clockSkew;
            return this;
        }

        /** Sets the size limit, checked before parsing (default 1 MiB). */
        public Builder maxBytes(int maxBytes) {
            this.maxBytes = Require.range("maxBytes", maxBytes, 1, Integer.MAX_VALUE);
            return this;
        }

        public CatalogVerifier build() {
            return new CatalogVerifier(this);
        }
    }
}
