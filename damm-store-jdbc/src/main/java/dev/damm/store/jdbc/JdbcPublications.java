package dev.damm.store.jdbc;

import dev.damm.core.store.Publication;
import dev.damm.core.store.PublicationRepository;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

/**
 * Publication history. Strictly increasing serials are the database's rule, not only this
 * class's: {@code publication_heads} holds the last serial per (kind, scope) and moves only by
 * {@code UPDATE ... WHERE last_serial < ?}, whose row lock makes concurrent writers queue and
 * re-check, so of two transactions recording the same serial exactly one wins.
 */
final class JdbcPublications implements PublicationRepository {
    private final JdbcTransaction tx;

    JdbcPublications(JdbcTransaction tx) {
        this.tx = tx;
    }

    @Override
    public OptionalLong lastSerial(String kind, String scope) {
        return tx.jdbi("read publication head", h -> h.createQuery("SELECT last_serial FROM publication_heads WHERE kind = :kind AND scope = :scope")
                .bind("kind", kind)
                .bind("scope", scope)
                .mapTo(Long.class).findOne()).map(OptionalLong::of).orElse(OptionalLong.empty());
    }

    @Override
    public void record(Publication p) {
        int moved = tx.jdbi("advance publication head", h -> h.createUpdate("UPDATE publication_heads SET last_serial = :serial "
                + "WHERE kind = :kind AND scope = :scope AND last_serial < :serial")
                .bind("serial", p.serial())
                .bind("kind", p.kind())
                .bind("scope", p.scope())
                .execute());
        if (moved == 0) {
            int created = tx.jdbi("create publication head", h -> h.createUpdate("INSERT INTO publication_heads (kind, scope, last_serial) "
                    + "VALUES (:kind, :scope, :serial) ON CONFLICT DO NOTHING")
                    .bind("kind", p.kind())
                    .bind("scope", p.scope())
                    .bind("serial", p.serial())
                    .execute());
            if (created == 0) {
                OptionalLong last = lastSerial(p.kind(), p.scope());
                throw new DammException(ErrorCode.CONFLICT, "publication.serial: " + p.serial() + " is not above "
                        + (last.isPresent() ? last.getAsLong() : "the last serial") + " for " + p.kind() + "/" + p.scope());
            }
        }
        tx.jdbi("record publication", h -> h.createUpdate("INSERT INTO publications (kind, scope, serial, sha256, published_at) "
                + "VALUES (:kind, :scope, :serial, :sha256, :at)")
                .bind("kind", p.kind())
                .bind("scope", p.scope())
                .bind("serial", p.serial())
                .bind("sha256", p.sha256())
                .bindByType("at", p.publishedAt(), Instant.class)
                .execute());
    }

    @Override
    public List<Publication> recent(String kind, String scope, int limit) {
        return tx.jdbi("list publications", h -> h.createQuery("SELECT kind, scope, serial, sha256, published_at FROM publications "
                + "WHERE kind = :kind AND scope = :scope ORDER BY serial DESC LIMIT :limit")
                .bind("kind", kind)
                .bind("scope", scope)
                .bind("limit", Math.max(0, limit))
                .map((rs, ctx) -> new Publication(rs.getString("kind"), rs.getString("scope"), rs.getLong("serial"), rs.getString("sha256"),
                        Rows.instant(rs, "published_at")))
                .list());
    }
}
