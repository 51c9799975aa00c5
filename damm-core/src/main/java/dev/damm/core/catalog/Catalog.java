package dev.damm.core.catalog;

import dev.damm.spi.DammException;
import dev.damm.spi.Require;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The payload of a signed catalog: a strictly increasing serial, when it was issued, until when
 * it is fresh and until when it may be used at all, whom it is for, and the ranked paths.
 *
 * <p>Between fresh-until and valid-until a client still uses the catalog but refetches; after
 * valid-until it refuses it. Build one with {@link CatalogBuilder}, read one with
 * {@link CatalogCodec}. Immutable and thread-safe.
 */
public final class Catalog {
    /** DSSE payload type of a signed catalog. */
    public static final String PAYLOAD_TYPE = "application/vnd.damm.catalog+json";
    /** Most entries one catalog may hold. */
    public static final int MAX_ENTRIES = 100_000;
    /**
     * Most recovery entries (paths of other regions) one catalog may hold: enough for a few paths
     * from each adjacent region, few enough that a catalog stays about its own region.
     */
    public static final int MAX_RECOVERY_ENTRIES = 32;

    private final long serial;
    private final Instant issuedAt;
    private final Instant freshUntil;
    private final Instant validUntil;
    private final CatalogScope scope;
    private final List<CatalogEntry> entries;

    Catalog(long serial, Instant issuedAt, Instant freshUntil, Instant validUntil, CatalogScope scope, List<CatalogEntry> entries) {
        this.serial = Require.nonNegative("serial", serial);
        this.issuedAt = Require.nonNull("issuedAt", issuedAt);
        this.freshUntil = Require.nonNull("freshUntil", freshUntil);
        this.validUntil = Require.nonNull("validUntil", validUntil);
        if (freshUntil.isBefore(issuedAt)) {
            throw DammException.invalid("freshUntil", "must not be before issuedAt");
        }
        if (validUntil.isBefore(freshUntil)) {
            throw DammException.invalid("validUntil", "must not be before freshUntil");
        }
        this.scope = Require.nonNull("scope", scope);
        this.entries = List.copyOf(Require.elements("entries", entries, MAX_ENTRIES));
        Set<String> ids = new HashSet<>(this.entries.size() * 2);
        int recovery = 0;
        for (CatalogEntry e : this.entries) {
            if (!ids.add(e.pathId())) {
                throw DammException.invalid("entries", "path id '" + e.pathId() + "' appears twice");
            }
            if (e.isRecovery()) {
                // A recovery entry names the other region its path is in; one naming the catalog's own
                // region would let a client treat an in-region path as a last resort, or the reverse.
                if (e.recoveryFrom().get().equals(scope.region())) {
                    throw DammException.invalid("entries", "recovery entry '" + e.pathId() + "' must come from another region than "
                            + scope.region());
                }
                if (++recovery > MAX_RECOVERY_ENTRIES) {
                    throw DammException.invalid("entries", "must hold at most " + MAX_RECOVERY_ENTRIES + " recovery entries");
                }
            }
        }
    }

    /** Returns the serial; each catalog of a scope has a higher one than the last. */
    public long serial() {
        return serial;
    }

    public Instant issuedAt() {
        return issuedAt;
    }

    /** Returns the time after which clients should fetch a newer catalog. */
    public Instant freshUntil() {
        return freshUntil;
    }

    /** Returns the time after which clients refuse this catalog. */
    public Instant validUntil() {
        return validUntil;
    }

    public CatalogScope scope() {
        return scope;
    }

    /** Returns the entries in the order the publisher ranked them, recovery entries included. */
    public List<CatalogEntry> entries() {
        return entries;
    }

    /** Returns the entries of the catalog's own region, in rank order. */
    public List<CatalogEntry> regionEntries() {
        return entries.stream().filter(e -> !e.isRecovery()).toList();
    }

    /** Returns the recovery entries from other regions, in the order the publisher put them. */
    public List<CatalogEntry> recoveryEntries() {
        return entries.stream().filter(CatalogEntry::isRecovery).toList();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Catalog c && serial == c.serial && issuedAt.equals(c.issuedAt) && freshUntil.equals(c.freshUntil)
                && validUntil.equals(c.validUntil) && scope.equals(c.scope) && entries.equals(c.entries);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(serial) * 31 + entries.hashCode();
    }

    @Override
    public String toString() {
        return "Catalog[serial=" + serial + ", scope=" + scope + ", issuedAt=" + issuedAt + ", freshUntil=" + freshUntil
                + ", validUntil=" + validUntil + ", entries=" + entries.size() + "]";
    }
}
