package dev.damm.store.jdbc;

import dev.damm.core.model.DeviceId;
import dev.damm.core.store.AddressLeaseRepository;
import dev.damm.spi.Require;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.OptionalLong;

/**
 * Address leases, one row per (pool, offset). The primary key is what keeps two devices off one
 * address; everything else here is about finding a free offset quickly and without queueing.
 *
 * <p>Finding the lowest free offset does not scan the pool: the store remembers, per (pool,
 * first offset), a <em>hint</em> below which every offset has a committed lease row (rows are
 * never deleted, so a hint stays true forever; it is learnt only from committed state). Free
 * offsets are then either gaps at or above the hint, found by reading the next rows in key
 * order, or released leases past quarantine, found in the small {@code released_leases} table
 * (one query fetches the first batch of both).
 * Each candidate is reserved before it is returned (see {@link JdbcTransaction#reserve}), so
 * concurrent enrollments take different offsets instead of waiting on each other's
 * uncommitted rows.
 */
final class JdbcAddressLeases implements AddressLeaseRepository {
    private static final int ROW_BATCH = 256;
    private static final int RELEASED_BATCH = 16;

    private final JdbcTransaction tx;

    JdbcAddressLeases(JdbcTransaction tx) {
        this.tx = tx;
    }

    @Override
    public OptionalLong lowestFreeOffset(String poolId, long first, long last, Instant reusableBefore) {
        checkPool(poolId);
        Require.nonNegative("first", first);
        Require.nonNull("reusableBefore", reusableBefore);
        if (last < first) {
            return OptionalLong.empty();
        }
        String hintKey = poolId + "@" + first;
        long start = tx.hint(hintKey, first);
        Gaps gaps = new Gaps(poolId, start, last);
        Released released = new Released(poolId, first, last, reusableBefore);
        firstBatches(poolId, start, first, last, reusableBefore, gaps, released);
        long gap = gaps.next();
        tx.learnHint(hintKey, gap >= 0 ? gap : last == Long.MAX_VALUE ? last : last + 1);
        long free = released.next();
        while (gap >= 0 || free >= 0) {
            long candidate;
            if (free >= 0 && (gap < 0 || free < gap)) {
                candidate = free;
                free = released.next();
            } else {
                candidate = gap;
                gap = gaps.next();
            }
            if (tx.reserve(poolId, candidate)) {
                return OptionalLong.of(candidate);
            }
        }
        return OptionalLong.empty();
    }

    /** Fetches the first batch of both candidate kinds in one round trip. */
    private void firstBatches(String poolId, long start, long first, long last, Instant reusableBefore, Gaps gaps, Released released) {
        List<long[]> rows = tx.jdbi("find free address", h -> h.createQuery(
                "SELECT addr_offset, 1 AS kind FROM (SELECT addr_offset FROM released_leases WHERE pool_id = :pool AND released_at <= :cutoff "
                        + "AND addr_offset >= :first AND addr_offset <= :last ORDER BY addr_offset LIMIT " + RELEASED_BATCH + ") r "
                        + "UNION ALL "
                        + "SELECT addr_offset, 0 AS kind FROM (SELECT addr_offset FROM address_leases WHERE pool_id = :pool "
                        + "AND addr_offset >= :start AND addr_offset <= :last ORDER BY addr_offset LIMIT " + ROW_BATCH + ") g")
                .bind("pool", poolId)
                .bindByType("cutoff", reusableBefore, Instant.class)
                .bind("first", first)
                .bind("last", last)
                .bind("start", start)
                .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getInt(2)}).list());
        List<Long> releasedRows = new java.util.ArrayList<>();
        List<Long> leaseRows = new java.util.ArrayList<>();
        for (long[] r : rows) {
            (r[1] == 1 ? releasedRows : leaseRows).add(r[0]);
        }
        // UNION ALL keeps each branch's rows but not necessarily their order.
        releasedRows.sort(null);
        leaseRows.sort(null);
        released.accept(releasedRows);
        gaps.accept(leaseRows);
    }

    @Override
    public boolean isFree(String poolId, long offset, Instant reusableBefore) {
        checkPool(poolId);
        Require.nonNull("reusableBefore", reusableBefore);
        return tx.jdbi("check address", h -> h.createQuery("SELECT released_at FROM address_leases WHERE pool_id = :pool AND addr_offset = :offset")
                .bind("pool", poolId)
                .bind("offset", offset)
                .map((rs, ctx) -> Rows.optionalInstant(rs, "released_at")).findOne())
                .map(r -> r.isPresent() && !r.get().isAfter(reusableBefore)).orElse(true);
    }

    /**
     * Moves the pool's row in {@code address_cursors}, creating it above the highest existing
     * lease the first time. The row lock orders concurrent reservations; they are rare (one per
     * block of enrollments), so nothing queues on it for long.
     */
    @Override
    public OptionalLong reserveBlock(String poolId, long first, long last, int size) {
        checkPool(poolId);
        Require.nonNegative("first", first);
        Require.range("size", size, 1, 1 << 20);
        JdbcTransaction.HandleCall<java.util.Optional<Long>> lock = h -> h.createQuery(
                "SELECT next_offset FROM address_cursors WHERE pool_id = :pool FOR UPDATE")
                .bind("pool", poolId)
                .mapTo(Long.class).findOne();
        java.util.Optional<Long> cursor = tx.jdbi("reserve addresses", lock);
        if (cursor.isEmpty()) {
            long above = tx.jdbi("reserve addresses", h -> h.createQuery("SELECT MAX(addr_offset) FROM address_leases WHERE pool_id = :pool "
                    + "AND addr_offset >= :first AND addr_offset <= :last")
                    .bind("pool", poolId)
                    .bind("first", first)
                    .bind("last", last)
                    .map((rs, ctx) -> {
                        long max = rs.getLong(1);
                        return rs.wasNull() ? first : max + 1;
                    }).findOne()).orElse(first);
            tx.jdbi("reserve addresses", h -> h.createUpdate("INSERT INTO address_cursors (pool_id, next_offset) VALUES (:pool, :next) "
                    + "ON CONFLICT DO NOTHING")
                    .bind("pool", poolId)
                    .bind("next", above)
                    .execute());
            cursor = tx.jdbi("reserve addresses", lock);
        }
        long start = Math.max(first, cursor.orElseThrow(() -> new RetryableTransactionException("address cursor raced its creation")));
        if (start > last) {
            return OptionalLong.empty();
        }
        long next = (start > last - (size - 1) ? last : start + size - 1) + 1;
        tx.jdbi("reserve addresses", h -> h.createUpdate("UPDATE address_cursors SET next_offset = :next WHERE pool_id = :pool")
                .bind("next", next)
                .bind("pool", poolId)
                .execute());
        return OptionalLong.of(start);
    }

    @Override
    public boolean claim(String poolId, long offset, DeviceId device, Instant now, Instant reusableBefore) {
        checkPool(poolId);
        Require.nonNegative("offset", offset);
        if (!tx.reserve(poolId, offset)) {
            return false; // a running transaction is claiming it
        }
        int inserted = tx.jdbi("claim address", h -> h.createUpdate("INSERT INTO address_leases (pool_id, addr_offset, device_id, claimed_at, "
                + "released_at) VALUES (:pool, :offset, :device, :now, NULL) ON CONFLICT DO NOTHING")
                .bind("pool", poolId)
                .bind("offset", offset)
                .bind("device", device.value())
                .bindByType("now", now, Instant.class)
                .execute());
        if (inserted == 1) {
            return true;
        }
        // The row exists: take it over only if it was released before the quarantine cut-off.
        boolean reclaimed = tx.jdbi("reclaim address", h -> h.createUpdate("UPDATE address_leases SET device_id = :device, claimed_at = :now, "
                + "released_at = NULL WHERE pool_id = :pool AND addr_offset = :offset AND released_at IS NOT NULL AND released_at <= :cutoff")
                .bind("device", device.value())
                .bindByType("now", now, Instant.class)
                .bind("pool", poolId)
                .bind("offset", offset)
                .bindByType("cutoff", reusableBefore, Instant.class)
                .execute()) == 1;
        if (reclaimed) {
            tx.jdbi("reclaim address", h -> h.createUpdate("DELETE FROM released_leases WHERE pool_id = :pool AND addr_offset = :offset")
                    .bind("pool", poolId)
                    .bind("offset", offset)
                    .execute());
        }
        return reclaimed;
    }

    @Override
    public void release(String poolId, long offset, DeviceId device, Instant at) {
        checkPool(poolId);
        int released = tx.jdbi("release address", h -> h.createUpdate("UPDATE address_leases SET released_at = :at "
                + "WHERE pool_id = :pool AND addr_offset = :offset AND device_id = :device AND released_at IS NULL")
                .bindByType("at", at, Instant.class)
                .bind("pool", poolId)
                .bind("offset", offset)
                .bind("device", device.value())
                .execute());
        if (released == 1) {
            tx.jdbi("release address", h -> h.createUpdate("INSERT INTO released_leases (pool_id, addr_offset, released_at) "
                    + "VALUES (:pool, :offset, :at)")
                    .bind("pool", poolId)
                    .bind("offset", offset)
                    .bindByType("at", at, Instant.class)
                    .execute());
        }
    }

    @Override
    public long countTaken(String poolId, Instant reusableBefore) {
        checkPool(poolId);
        return tx.jdbi("count leases", h -> h.createQuery("SELECT count(*) FROM address_leases WHERE pool_id = :pool "
                + "AND (released_at IS NULL OR released_at > :cutoff)")
                .bind("pool", poolId)
                .bindByType("cutoff", reusableBefore, Instant.class)
                .mapTo(Long.class).one());
    }

    private static void checkPool(String poolId) {
        Require.text("poolId", poolId, 128);
    }

    /** Offsets in [from, last] without a lease row, ascending; reads rows in batches. */
    private final class Gaps {
        private final String poolId;
        private final long last;
        private final Deque<Long> rows = new ArrayDeque<>();
        private long expected;
        private boolean exhausted;

        Gaps(String poolId, long from, long last) {
            this.poolId = poolId;
            this.expected = from;
            this.last = last;
        }

        void accept(List<Long> firstBatch) {
            rows.addAll(firstBatch);
            exhausted = firstBatch.size() < ROW_BATCH;
        }

        /** The next gap, or -1 when none is left. */
        long next() {
            while (expected <= last) {
                if (rows.isEmpty() && !exhausted) {
                    fetch();
                }
                Long row = rows.peekFirst();
                if (row == null || row > expected) {
                    return expected++;
                }
                rows.pollFirst();
                expected = row + 1;
            }
            return -1;
        }

        private void fetch() {
            List<Long> batch = tx.jdbi("scan leases", h -> h.createQuery("SELECT addr_offset FROM address_leases WHERE pool_id = :pool "
                    + "AND addr_offset >= :from AND addr_offset <= :last ORDER BY addr_offset LIMIT " + ROW_BATCH)
                    .bind("pool", poolId)
                    .bind("from", expected)
                    .bind("last", last)
                    .mapTo(Long.class).list());
            rows.addAll(batch);
            exhausted = batch.size() < ROW_BATCH;
        }
    }

    /** Leases in [first, last] released at or before the cut-off, ascending by offset. */
    private final class Released {
        private final String poolId;
        private final long last;
        private final Instant reusableBefore;
        private final Deque<Long> offsets = new ArrayDeque<>();
        private long from;
        private boolean exhausted;

        Released(String poolId, long first, long last, Instant reusableBefore) {
            this.poolId = poolId;
            this.from = first;
            this.last = last;
            this.reusableBefore = reusableBefore;
        }

        void accept(List<Long> firstBatch) {
            offsets.addAll(firstBatch);
            exhausted = firstBatch.size() < RELEASED_BATCH;
            if (!firstBatch.isEmpty()) {
                from = firstBatch.get(firstBatch.size() - 1) + 1;
            }
        }

        long next() {
            if (offsets.isEmpty() && !exhausted) {
                List<Long> batch = tx.jdbi("find released leases", h -> h.createQuery("SELECT addr_offset FROM released_leases "
                        + "WHERE pool_id = :pool AND released_at <= :cutoff AND addr_offset >= :from AND addr_offset <= :last "
                        + "ORDER BY addr_offset LIMIT " + RELEASED_BATCH)
                        .bind("pool", poolId)
                        .bindByType("cutoff", reusableBefore, Instant.class)
                        .bind("from", from)
                        .bind("last", last)
                        .mapTo(Long.class).list());
                offsets.addAll(batch);
                exhausted = batch.size() < RELEASED_BATCH;
                if (!batch.isEmpty()) {
                    from = batch.get(batch.size() - 1) + 1;
                }
            }
            Long next = offsets.pollFirst();
            return next == null ? -1 : next;
        }
    }
}
