package dev.damm.core.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Operator API tokens, unique by id; only the hash of each token's secret is kept. */
public interface AdminTokenRepository {
    /** CONFLICT when the id exists. */
    void insert(AdminToken token);

    /** The token with this id, revoked or not. */
    Optional<AdminToken> find(String id);

    /** Marks a token revoked; NOT_FOUND when absent. A revoked token stays listed. */
    void revoke(String id, Instant at);

    /** Every token, ordered by creation time then id. */
    List<AdminToken> list();

    /** How many tokens are stored, revoked ones included. */
    long count();
}
