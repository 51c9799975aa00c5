package dev.damm.store.jdbc;

import dev.damm.core.store.Publication;
import dev.damm.core.store.PublicationRepository;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
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
        return tx.queryOne("read publication head", "SELECT last_serial FROM publication_heads WHERE kind = ? AND scope = ?", ps -> {
            ps.setString(1, kind);
            ps.setString(2, scope);
        }, rs -> rs.getLong(1)).map(OptionalLong::of).orElse(OptionalLong.empty());
    }

    @Override
    public void record(Publication p) {
        int moved = tx.update("advance publication head", "UPDATE publication_heads SET last_serial = ? "
                + "WHERE kind = ? AND scope = ? AND last_serial < ?", ps -> {
                    ps.setLong(1, p.serial());
                    ps.setString(2, p.kind());
                    ps.setString(3, p.scope());
                    ps.setLong(4, p.serial());
                });
        if (moved == 0) {
            int created = tx.update("create publication head", "INSERT INTO publication_heads (kind, scope, last_serial) VALUES (?, ?, ?) "
                    + "ON CONFLICT DO NOTHING", ps -> {
                        ps.setString(1, p.kind());
                        ps.setString(2, p.scope());
                        ps.setLong(3, p.serial());
                    });
            if (created == 0) {
                OptionalLong last = lastSerial(p.kind(), p.scope());
                throw new DammException(ErrorCode.CONFLICT, "publication.serial: " + p.serial() + " is not above "
                        + (last.isPresent() ? last.getAsLong() : "the last serial") + " for " + p.kind() + "/" + p.scope());
            }
        }
        tx.update("record publication", "INSERT INTO publications (kind, scope, serial, sha256, published_at) VALUES (?, ?, ?, ?, ?)", ps -> {
            ps.setString(1, p.kind());
            ps.setString(2, p.scope());
            ps.setLong(3, p.serial());
            ps.setString(4, p.sha256());
            Rows.instant(ps, 5, p.publishedAt());
        });
    }

    @Override
    public List<Publication> recent(String kind, String scope, int limit) {
        return tx.queryList("list publications", "SELECT kind, scope, serial, sha256, published_at FROM publications "
                + "WHERE kind = ? AND scope = ? ORDER BY serial DESC LIMIT ?", ps -> {
                    ps.setString(1, kind);
                    ps.setString(2, scope);
                    ps.setInt(3, Math.max(0, limit));
                }, rs -> new Publication(rs.getString("kind"), rs.getString("scope"), rs.getLong("serial"), rs.getString("sha256"),
                        Rows.instant(rs, "published_at")));
    }
}
