package dev.damm.core.catalog;

import dev.damm.core.trust.AcceptedSerial;
import dev.damm.core.trust.DsseVerification;
import dev.damm.core.trust.DsseVerifier;
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
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.crypto.digests.SHA256Digest;

/**
 * Decides on a client whether a fetched catalog may be used, and remembers what it accepted.
 *
 * <p>Checks, in order: size (before parsing), envelope shape, payload type, newer roots if any
 * were supplied (each must chain from the current one), root expiry, signatures against the
 * root's catalog keys and threshold, payload shape, scope, issued-at against the clock (with a
 * skew allowance), valid-until, and the serial against the last one accepted for the scope. A
 * trusted catalog's serial is recorded in the {@link TrustStore} before {@code verify} returns;
 * an accepted newer root is stored even if the catalog that came with it is then rejected.
 *
 * <p>Never throws for bad input. Thread-safe: verifications of one verifier run one at a time, so
 * the serial check and the record are atomic.
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
                store.replaceRoot(newest);
                root = newest;
            }
        }
        Instant now = clock.instant();
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
        String digest = sha256(payload);
        var last = store.lastAccepted(scope.key());
        if (last.isPresent()) {
            AcceptedSerial l = last.get();
            if (catalog.serial() < l.serial()) {
                return rejected(RejectionReason.ROLLBACK,
                        "serial: " + catalog.serial() + " is below the last accepted " + l.serial() + " for " + scope);
            }
            if (catalog.serial() == l.serial() && !digest.equals(l.payloadSha256())) {
                return rejected(RejectionReason.ROLLBACK,
                        "serial: " + catalog.serial() + " was already accepted for " + scope + " with different content");
            }
        }
        if (last.isEmpty() || catalog.serial() > last.get().serial()) {
            try {
                store.recordAccepted(scope.key(), new AcceptedSerial(catalog.serial(), digest));
            } catch (DammException e) {
                if (e.errorCode() != ErrorCode.CONFLICT) {
                    throw e;
                }
                // Another verifier sharing the store recorded a newer serial in the meantime.
                return rejected(RejectionReason.ROLLBACK, "serial: " + catalog.serial() + " is no longer the newest for " + scope);
            }
        }
        boolean stale = now.isAfter(catalog.freshUntil());
        return new Verification.Trusted(catalog, stale, ok.signers(), root.version());
    }

    private static Verification.Rejected rejected(RejectionReason reason, String detail) {
        return new Verification.Rejected(reason, detail);
    }

    private static String sha256(byte[] bytes) {
        SHA256Digest d = new SHA256Digest();
        d.update(bytes, 0, bytes.length);
        byte[] out = new byte[32];
        d.doFinal(out, 0);
        return HexFormat.of().formatHex(out);
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
