package dev.damm.core.catalog;

import dev.damm.core.trust.DsseSigner;
import dev.damm.core.trust.SigningKey;
import dev.damm.spi.DammException;
import dev.damm.spi.Require;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/**
 * Builds a {@link Catalog} for one scope and signs it into a DSSE envelope.
 *
 * <p>Issued-at is the clock's instant truncated to whole seconds; fresh-until and valid-until
 * follow from the configured durations. The same input gives the same bytes, so publishers
 * can compare catalogs byte for byte.
 *
 * <p>Catalogs of {@value #PARALLEL_THRESHOLD} entries or more are encoded in pieces on the
 * {@linkplain #executor executor} as well as the calling thread, and their envelope's base64 is
 * written there while the calling thread signs; the bytes are the same whatever the number of
 * threads. Smaller catalogs (a region's top paths) are done entirely on the calling thread: for
 * them, handing work to another thread costs more than it saves. Not thread-safe.
 */
public final class CatalogBuilder {
    /** Default time a catalog stays fresh: one hour. */
    public static final Duration DEFAULT_FRESH_FOR = Duration.ofHours(1);
    /** Default time a catalog may be used while the control plane is unreachable: seven days. */
    public static final Duration DEFAULT_VALID_FOR = Duration.ofDays(7);

    /** Entries from which a catalog is encoded and enveloped with the executor's help. */
    public static final int PARALLEL_THRESHOLD = 2048;

    private CatalogScope scope;
    private Executor executor = ForkJoinPool.commonPool();
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

    /**
     * Sets the threads that help with big catalogs (default: {@link ForkJoinPool#commonPool()},
     * whose size a host sets with {@code java.util.concurrent.ForkJoinPool.common.parallelism}).
     * As many helpers are used as a {@code ForkJoinPool}'s parallelism, otherwise one fewer than the
     * available processors; {@code Runnable::run} keeps all work on the calling thread. The calling
     * thread always works too and never waits for a helper that has not started.
     */
    public CatalogBuilder executor(Executor executor) {
        this.executor = Require.nonNull("executor", executor);
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

    /**
     * Returns the lower-case hex SHA-256 of what the catalog says: its scope and entries, encoded as
     * the catalog is, without the serial and times. Two catalogs with the same digest list the same
     * paths the same way whenever, and under whichever serial, they were signed; a publisher compares
     * digests to tell a content change from a re-sign. Needs the scope, not the serial.
     */
    public String contentDigest() {
        Require.nonNull("scope", scope);
        byte[] content = CatalogCodec.encode(new Catalog(0, Instant.EPOCH, Instant.EPOCH, Instant.EPOCH, scope, entries));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }

    /** Builds the catalog and signs it with {@code key}. */
    public SignedCatalog sign(SigningKey key) {
        return sign(List.of(Require.nonNull("key", key)));
    }

    /** Builds the catalog and signs it with every key in {@code keys} (e.g. during a key overlap). */
    public SignedCatalog sign(List<? extends SigningKey> keys) {
        DsseSigner signer = new DsseSigner(Catalog.PAYLOAD_TYPE, keys);
        Catalog catalog = build();
        Workers workers = catalog.entries().size() >= PARALLEL_THRESHOLD ? Workers.on(executor) : Workers.CALLER;
        // The payload is written behind room for DSSE's pre-authentication header, so it is signed
        // and kept by the envelope without being copied (a big catalog is megabytes).
        CatalogCodec.Encoded payload = CatalogCodec.encode(catalog, workers, signer::headroom);
        return new SignedCatalog(catalog, signer.signInPlace(payload.bytes(), payload.length(), workers.executor()));
    }
}
