package dev.damm.server.http;

import dev.damm.core.enroll.Secrets;
import dev.damm.core.store.AdminToken;
import dev.damm.core.store.DammStore;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.Require;
import java.time.Clock;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Operator API tokens: {@code da_<id>.<secret>}. The id is public (audit events name it); only the
 * SHA-256 of the secret is stored, and a presented secret is compared with it in constant time.
 */
public final class AdminTokens {
    /** Every admin token starts with this, so a leaked one is recognisable. */
    public static final String PREFIX = "da_";
    private static final byte[] NO_HASH = new byte[32];

    private AdminTokens() {}

    /** A token just made: the stored record and the full token text, shown only here. */
    public record Issued(AdminToken token, String text) {
        @Override
        public String toString() {
            return "Issued[" + token + ", text=redacted]";
        }
    }

    /** Makes and stores a new token of {@code scope}. */
    public static Issued issue(DammStore store, RandomGenerator random, Clock clock, String scope, String createdBy) {
        String id = Secrets.newId(random, "at");
        String secret = Secrets.newSecret(random, "");
        AdminToken t = new AdminToken(id, scope, Secrets.hash(secret), clock.instant(), createdBy, Optional.empty());
        store.inTransaction(tx -> {
            tx.adminTokens().insert(t);
            return null;
        });
        return new Issued(t, PREFIX + id + "." + secret);
    }

    /**
     * The stored token {@code presented} names, if its secret matches and it is not revoked;
     * otherwise {@code UNAUTHENTICATED}, the same answer whichever part was wrong.
     */
    public static AdminToken authenticate(DammStore store, String presented) {
        Require.nonNull("token", presented);
        int dot = presented.indexOf('.');
        if (!presented.startsWith(PREFIX) || dot < 0 || presented.length() > 256) {
            throw unauthenticated();
        }
        String id = presented.substring(PREFIX.length(), dot);
        byte[] hash = Secrets.hash(presented.substring(dot + 1));
        Optional<AdminToken> found = id.isEmpty() || id.length() > 64 ? Optional.empty()
                : store.inTransaction(tx -> tx.adminTokens().find(id));
        // Compare even when the id is unknown, so the answer takes the same time either way.
        boolean same = Secrets.constantTimeEquals(hash, found.map(AdminToken::secretHash).orElse(NO_HASH));
        if (found.isEmpty() || !same || found.get().revoked()) {
            throw unauthenticated();
        }
        return found.get();
    }

    /** {@code PERMISSION_DENIED} unless {@code token} may do what {@code scope} allows (admin may do everything). */
    public static void requireScope(AdminToken token, String scope) {
        if (token.scope().equals(AdminToken.SCOPE_ADMIN) || token.scope().equals(scope)) {
            return;
        }
        throw new DammException(ErrorCode.PERMISSION_DENIED, "Authorization: token " + token.id() + " has scope " + token.scope()
                + "; this call needs " + scope);
    }

    /** The actor audit events record for calls made with {@code token}. */
    public static String actor(AdminToken token) {
        return "admin-token:" + token.id();
    }

    private static DammException unauthenticated() {
        return new DammException(ErrorCode.UNAUTHENTICATED, "Authorization: unknown, revoked or malformed admin token");
    }
}
