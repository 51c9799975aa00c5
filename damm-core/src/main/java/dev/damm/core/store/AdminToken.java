package dev.damm.core.store;

import dev.damm.core.internal.model.Shapes;
import dev.damm.spi.DammException;
import dev.damm.spi.Require;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * An operator's API token as stored: its public id, its scope and the SHA-256 of its secret part.
 * The secret itself is shown once, when the token is made, and never stored.
 *
 * @param id the token's public identifier; audit events name the token by it
 * @param scope {@link #SCOPE_ADMIN} (every admin call) or {@link #SCOPE_OPERATOR_READ} (reads only)
 * @param secretHash SHA-256 of the secret part, 32 bytes
 * @param createdBy who made it (an admin token's id, or {@code bootstrap})
 */
public record AdminToken(String id, String scope, byte[] secretHash, Instant createdAt, String createdBy, Optional<Instant> revokedAt) {
    /** May call every admin operation. */
    public static final String SCOPE_ADMIN = "admin";
    /** May read operator data only. */
    public static final String SCOPE_OPERATOR_READ = "operator-read";

    public AdminToken {
        Require.matches("adminToken.id", id, Shapes.ENTITY_ID, 64, Shapes.ENTITY_ID_RULE);
        Require.nonNull("adminToken.scope", scope);
        if (!scope.equals(SCOPE_ADMIN) && !scope.equals(SCOPE_OPERATOR_READ)) {
            throw DammException.invalid("adminToken.scope", "must be " + SCOPE_ADMIN + " or " + SCOPE_OPERATOR_READ);
        }
        Require.nonNull("adminToken.secretHash", secretHash);
        if (secretHash.length != 32) {
            throw DammException.invalid("adminToken.secretHash", "must be 32 bytes (SHA-256)");
        }
        secretHash = secretHash.clone();
        Require.nonNull("adminToken.createdAt", createdAt);
        Require.text("adminToken.createdBy", createdBy, 128);
        Require.nonNull("adminToken.revokedAt", revokedAt);
    }

    @Override
    public byte[] secretHash() {
        return secretHash.clone();
    }

    public boolean revoked() {
        return revokedAt.isPresent();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AdminToken t && id.equals(t.id) && scope.equals(t.scope) && Arrays.equals(secretHash, t.secretHash)
                && createdAt.equals(t.createdAt) && createdBy.equals(t.createdBy) && revokedAt.equals(t.revokedAt);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "AdminToken[" + id + ", " + scope + (revoked() ? ", revoked" : "") + "]";
    }
}
