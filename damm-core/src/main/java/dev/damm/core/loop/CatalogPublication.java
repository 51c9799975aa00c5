package dev.damm.core.loop;

import dev.damm.core.publish.CatalogPublisher;
import dev.damm.spi.Require;

/**
 * What the loop did with a scope's catalog on one publication round: it either signed and
 * recorded one, or kept the last one because nothing in it would change and no re-sign was due.
 * Either way {@link #published()} is the catalog to serve.
 */
public sealed interface CatalogPublication permits CatalogPublication.Issued, CatalogPublication.Kept {
    /** The catalog clients should be served for the scope now. */
    CatalogPublisher.Published published();

    /** Why a new serial was signed. */
    enum Reason {
        /** The content differs from the last publication's (or there was none). */
        CONTENT_CHANGED,
        /**
         * The content is the last publication's, but that publication was due for a re-sign (its
         * freshness runs out) or is not held by this loop (another process signed it). The serial
         * still grows: clients refuse a second catalog under a serial they accepted.
         */
        RESIGNED
    }

    /** A newly signed catalog, with a serial above every earlier one of its scope. */
    record Issued(CatalogPublisher.Published published, Reason reason) implements CatalogPublication {
        public Issued {
            Require.nonNull("published", published);
            Require.nonNull("reason", reason);
        }
    }

    /** The last signed catalog, unchanged: same serial, same bytes. */
    record Kept(CatalogPublisher.Published published) implements CatalogPublication {
        public Kept {
            Require.nonNull("published", published);
        }
    }
}
