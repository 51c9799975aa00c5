package dev.damm.core.catalog;

import dev.damm.core.trust.DsseSigner;
import dev.damm.core.trust.SigningKey;
import dev.damm.spi.DammException;
import dev.damm.spi.Require;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a {@link Catalog} for one scope and signs it into a DSSE envelope.
 *
 * <p>Issued-at is the clock's instant truncated to whole seconds; fresh-until and valid-until
 * follow from the configured durations. The same input gives the same bytes, so publishers
 * can compare catalogs byte for byte. Not thread-safe.
 */
public final class CatalogBuilder {
    /** Default time a catalog stays fresh: one hour. */
    public static final Duration DEFAULT_FRESH_FOR = Duration.ofHours(1);
    /** Default time a catalog may be used while the control plane is unreachable: seven days. */
    public static final Duration DEFAULT_VALID_FOR = Duration.ofDays(7);

    private CatalogScope scope;
    private Long serial;
    private Clock clock = Clock.systemUTC();
    private Duration freshFor = DEFAULT_FRESH_FOR;
    private Duration validFor = DEFAULT_VALID_FOR;
    private final List<CatalogEntry> entries = new ArrayList<>();

    private CatalogBuilder() {}

    /** Starts a catalog; scope and serial must be set before {@link #build()}. */
    public static CatalogBuilder builder() {
        return new CatalogBuilder();
    }

    public CatalogBuilder scope(CatalogScope scope) {
        this.scope = Require.nonNull("scope", scope);
        return this;
    }

    /** Sets the serial; it must exceed every serial published before for this scope. */
    public CatalogBuilder serial(long serial) {
        this.serial = Require.nonNegative("serial", serial);
        return this;
    }

    /** Sets the clock that gives issued-at (default: system UTC). */
    public CatalogBuilder clock(Clock clock) {
        this.clock = Require.nonNull("clock", clock);
        return this;
    }

    /** Sets how long after issue clients treat the catalog as fresh. */
    public CatalogBuilder freshFor(Duration freshFor) {
        Require.nonNull("freshFor", freshFor);
        if (freshFor.isNegative()) {
            throw DammException.invalid("freshFor", "must not be negative");
        }
        this.freshFor = freshFor;
        return this;
    }

    /** Sets how long after issue clients may use the catalog at all; at least {@code freshFor}. */
    public CatalogBuilder validFor(Duration validFor) {
        Require.nonNull("validFor", validFor);
        if (validFor.isNegative()) {
            throw DammException.invalid("validFor", "must not be negative");
        }
        this.validFor = validFor;
        return this;
    }

    /** Appends one entry; entries keep the order they are added in (best first). */
    public CatalogBuilder addEntry(CatalogEntry entry) {
        entries.add(Require.nonNull("entry", entry));
        return this;
    }

    /** Appends entries in order. */
    public CatalogBuilder addEntries(List<CatalogEntry> more) {
        Require.elements("entries", more, Catalog.MAX_ENTRIES);
        entries.addAll(more);
        return this;
    }

    /** Builds the unsigned catalog. */
    public Catalog build() {
        Require.nonNull("scope", scope);
        Require.nonNull("serial", serial);
        if (validFor.compareTo(freshFor) < 0) {
            throw DammException.invalid("validFor", "must not be shorter than freshFor");
        }
        Instant issued = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        return new Catalog(serial, issued, issued.plus(freshFor), issued.plus(validFor), scope, entries);
    }

    /** Builds the catalog and signs it with {@code key}. */
    public SignedCatalog sign(SigningKey key) {
        return sign(List.of(Require.nonNull("key", key)));
    }

    /** Builds the catalog and signs it with every key in {@code keys} (e.g. during a key overlap). */
    public SignedCatalog sign(List<? extends SigningKey> keys) {
        Catalog catalog = build();
        return new SignedCatalog(catalog, new DsseSigner(Catalog.PAYLOAD_TYPE, keys).sign(CatalogCodec.encode(catalog)));
    }
}
