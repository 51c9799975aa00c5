package dev.damm.core.trust;

import dev.damm.spi.DammException;
import dev.damm.spi.Require;
import java.util.List;

/**
 * Checks roots of trust in the spirit of TUF: a first root is pinned at enrollment, and root
 * N+1 replaces root N only when its version is exactly N+1 and it is signed by the root-role
 * thresholds of both root N and root N+1.
 *
 * <p>Expiry is not checked here: an expired intermediate root may still vouch for its successor
 * (a client offline for a year must be able to catch up), and the consumer of the newest root
 * checks that one against its clock. Never throws for bad input. Immutable and thread-safe.
 */
public final class RootVerifier {
    /** Default size limit of a root envelope: 64 KiB. */
    public static final int DEFAULT_MAX_BYTES = 64 * 1024;
    /** Most roots one {@link #follow} call walks. */
    public static final int MAX_CHAIN_LENGTH = 1024;

    private final int maxBytes;

    /** Creates a verifier with the default size limit. */
    public RootVerifier() {
        this(DEFAULT_MAX_BYTES);
    }

    /** Creates a verifier that refuses root envelopes longer than {@code maxBytes}. */
    public RootVerifier(int maxBytes) {
        this.maxBytes = Require.range("maxBytes", maxBytes, 1, Integer.MAX_VALUE);
    }

    /**
     * Accepts a first root obtained over an authenticated channel (enrollment), after checking
     * that it is signed by its own root-role threshold.
     */
    public RootUpdate pin(byte[] envelope) {
        Parsed p = parse(envelope);
        if (p.rejected != null) {
            return p.rejected;
        }
        DsseVerification self = new DsseVerifier(RootDocument.PAYLOAD_TYPE, p.document.rootKeys(), maxBytes).verify(p.envelope);
        if (self instanceof DsseVerification.Rejected r) {
            return new RootUpdate.Rejected(r.reason(), "root v" + p.document.version() + " is not signed by its own root keys: " + r.detail());
        }
        return new RootUpdate.Accepted(new TrustedRoot(p.document, envelope));
    }

    /** Accepts {@code candidate} as the successor of {@code current} if the chain rule holds. */
    public RootUpdate next(TrustedRoot current, byte[] candidate) {
        Require.nonNull("current", current);
        Parsed p = parse(candidate);
        if (p.rejected != null) {
            return p.rejected;
        }
        int expected = current.version() + 1;
        if (p.document.version() != expected) {
            return new RootUpdate.Rejected(RejectionReason.ROOT_CHAIN_BROKEN,
                    "root.version: expected " + expected + " after " + current.version() + ", was " + p.document.version());
        }
        DsseVerification byOld = new DsseVerifier(RootDocument.PAYLOAD_TYPE, current.document().rootKeys(), maxBytes).verify(p.envelope);
        if (byOld instanceof DsseVerification.Rejected r) {
            return new RootUpdate.Rejected(RejectionReason.ROOT_CHAIN_BROKEN,
                    "root v" + expected + " lacks the threshold of root v" + current.version() + "'s root keys (" + r.reason().code() + "): " + r.detail());
        }
        DsseVerification byNew = new DsseVerifier(RootDocument.PAYLOAD_TYPE, p.document.rootKeys(), maxBytes).verify(p.envelope);
        if (byNew instanceof DsseVerification.Rejected r) {
            return new RootUpdate.Rejected(RejectionReason.ROOT_CHAIN_BROKEN,
                    "root v" + expected + " lacks the threshold of its own root keys (" + r.reason().code() + "): " + r.detail());
        }
        return new RootUpdate.Accepted(new TrustedRoot(p.document, candidate));
    }

    /**
     * Walks {@code candidates} in order from {@code current}; candidates whose version is not
     * above the current one are skipped, so a publisher may simply serve every root it ever
     * signed. Returns the newest root reached, or the first failure.
     */
    public RootUpdate follow(TrustedRoot current, List<byte[]> candidates) {
        Require.nonNull("current", current);
        Require.nonNull("candidates", candidates);
        if (candidates.size() > MAX_CHAIN_LENGTH) {
            return new RootUpdate.Rejected(RejectionReason.ROOT_CHAIN_BROKEN,
                    "roots: at most " + MAX_CHAIN_LENGTH + " roots are followed at once, got " + candidates.size());
        }
        TrustedRoot at = current;
        for (byte[] candidate : candidates) {
            Parsed p = parse(candidate);
            if (p.rejected == null && p.document.version() <= at.version()) {
                continue;
            }
            RootUpdate step = next(at, candidate);
            if (step instanceof RootUpdate.Rejected) {
                return step;
            }
            at = ((RootUpdate.Accepted) step).root();
        }
        return new RootUpdate.Accepted(at);
    }

    private Parsed parse(byte[] envelope) {
        if (envelope == null) {
            return new Parsed(null, null, new RootUpdate.Rejected(RejectionReason.MALFORMED, "root: is missing"));
        }
        if (envelope.length > maxBytes) {
            return new Parsed(null, null, new RootUpdate.Rejected(RejectionReason.OVERSIZED,
                    "root: is " + envelope.length + " bytes, limit is " + maxBytes));
        }
        try {
            DsseEnvelope env = DsseEnvelope.parse(envelope);
            if (!RootDocument.PAYLOAD_TYPE.equals(env.payloadType())) {
                return new Parsed(null, null, new RootUpdate.Rejected(RejectionReason.WRONG_PAYLOAD_TYPE,
                        "root.payloadType: expected " + RootDocument.PAYLOAD_TYPE + ", was " + Require.printable(env.payloadType())));
            }
            return new Parsed(env, RootDocument.fromJson(env.payloadUnsafe()), null);
        } catch (DammException e) {
            return new Parsed(null, null, new RootUpdate.Rejected(RejectionReason.MALFORMED, e.getMessage()));
        }
    }

    private record Parsed(DsseEnvelope envelope, RootDocument document, RootUpdate.Rejected rejected) {}
}
