package dev.damm.core.store;

import dev.damm.spi.Require;
import java.time.Instant;

/**
 * A record that a signed document was published: a catalog for a scope, or an admission set
 * for a gateway. Serials are strictly increasing per (kind, scope), which is what lets clients
 * reject rollbacks.
 *
 * @param sha256 lower-case hex SHA-256 of what the document says, without its serial and times
 *     (for a catalog {@code CatalogBuilder.contentDigest()}, for an admission set its peers): two
 *     publications with the same digest published the same content, so churn is counted from it
 */
public record Publication(String kind, String scope, long serial, String sha256, Instant publishedAt) {
    public Publication {
        Require.matches("publication.kind", kind, dev.damm.core.internal.model.Shapes.LOWER_NAME, 32, "a lower-case kind");
        Require.text("publication.scope", scope, 128);
        Require.range("publication.serial", serial, 1, Long.MAX_VALUE);
        Require.matches("publication.sha256", sha256, dev.damm.core.internal.model.Shapes.SHA256_HEX, 64, "64 hex digits");
        Require.nonNull("publication.publishedAt", publishedAt);
    }
}
