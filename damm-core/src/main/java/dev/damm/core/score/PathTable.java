package dev.damm.core.score;

import java.util.function.Consumer;

/**
 * Open-addressing hash table of path entries keyed by their {@link PathKey}.
 *
 * <p>A {@code HashMap} spends a 32-byte node per path; here the entry sits in the slot array
 * itself (linear probing, at most half full, Fibonacci hashing, backward-shift deletion), which
 * keeps a tracked path's footprint under its memory budget and saves an indirection per ingest.
 * Not thread-safe: guarded by the {@link ScoreBook}'s lock.
 */
final class PathTable {
    private PathEntry[] slots = new PathEntry[16];
    private int bits = 4;
    private int size;

    int size() {
        return size;
    }

    private int home(PathKey key) {
        return home(key.hashCode());
    }

    private int home(int hash) {
        return (hash * 0x9E3779B9) >>> (32 - bits);
    }

    PathEntry get(PathKey key) {
        return get(key, key.hashCode());
    }

    /** Looks up {@code key} whose {@link PathKey#hashCode()} the caller computed already, {@code hash}. */
    PathEntry get(PathKey key, int hash) {
        int mask = slots.length - 1;
        for (int i = home(hash); ; i = (i + 1) & mask) {
            PathEntry e = slots[i];
            if (e == null || e.key.equals(key)) {
                return e;
            }
        }
    }

    /** Adds an entry whose key is not present. */
    void add(PathEntry entry) {
        if (2 * (size + 1) > slots.length) {
            grow();
        }
        insert(entry);
        size++;
    }

    private void insert(PathEntry entry) {
        int mask = slots.length - 1;
        int i = home(entry.key);
        while (slots[i] != null) {
            i = (i + 1) & mask;
        }
        slots[i] = entry;
    }

    private void grow() {
        PathEntry[] old = slots;
        slots = new PathEntry[old.length * 2];
        bits++;
        for (PathEntry e : old) {
            if (e != null) {
                insert(e);
            }
        }
    }

    /** Removes and returns the entry of {@code key}, or null. */
    PathEntry remove(PathKey key) {
        int mask = slots.length - 1;
        int i = home(key);
        while (slots[i] != null && !slots[i].key.equals(key)) {
            i = (i + 1) & mask;
        }
        PathEntry removed = slots[i];
        if (removed == null) {
            return null;
        }
        // Backward-shift: pull later members of the probe run into the hole so lookups never stop early.
        int hole = i;
        for (int j = (i + 1) & mask; slots[j] != null; j = (j + 1) & mask) {
            int h = home(slots[j].key);
            boolean movable = hole <= j ? (h <= hole || h > j) : (h <= hole && h > j);
            if (movable) {
                slots[hole] = slots[j];
                hole = j;
            }
        }
        slots[hole] = null;
        size--;
        return removed;
    }

    void forEach(Consumer<PathEntry> action) {
        for (PathEntry e : slots) {
            if (e != null) {
                action.accept(e);
            }
        }
    }
}
