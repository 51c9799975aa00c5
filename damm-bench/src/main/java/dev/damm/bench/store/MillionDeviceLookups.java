package dev.damm.bench.store;

import dev.damm.core.model.Device;
import dev.damm.store.jdbc.JdbcStore;
import dev.damm.store.jdbc.JdbcStoreConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongFunction;

/**
 * The scale test: seeds 1,000,000 devices through the store, then times 100,000 random lookups
 * by public key and 100,000 by id, each in its own transaction as the API makes them, and prints
 * p50 / p99 / p99.9. The goal is p99 under a millisecond.
 *
 * <p>Settings (system properties): {@code bench.devices} (1000000), {@code bench.lookups}
 * (100000), {@code bench.seed} (42). Run: {@code java -cp 'damm-bench/target/damm-bench.jar:damm-bench/target/lib/*'
 * dev.damm.bench.store.MillionDeviceLookups}.
 */
public final class MillionDeviceLookups {
    private MillionDeviceLookups() {}

    public static void main(String[] args) throws Exception {
        int devices = Integer.getInteger("bench.devices", 1_000_000);
        int lookups = Integer.getInteger("bench.lookups", 100_000);
        long seed = Long.getLong("bench.seed", 42);
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setServerConfig("synchronous_commit", "on").start()) {
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE damm");
            }
            String url = pg.getJdbcUrl("postgres", "damm");
            try (JdbcStore store = JdbcStore.open(JdbcStoreConfig.builder(url).user("postgres").poolSize(8).build())) {
                Instant now = Instant.now();
                long t0 = System.nanoTime();
                seed(store, devices, now);
                System.out.printf(Locale.ROOT, "seeded %,d devices in %.1f s%n", devices, (System.nanoTime() - t0) / 1e9);
                try (Connection c = pg.getDatabase("postgres", "damm").getConnection(); Statement s = c.createStatement()) {
                    s.execute("VACUUM ANALYZE devices");
                }
                long count = store.inTransaction(tx -> tx.devices().count());
                System.out.printf(Locale.ROOT, "devices in store: %,d%n", count);

                SplittableRandom random = new SplittableRandom(seed);
                // Warm-up: JIT, pool, plan caches.
                time(store, 10_000, random, n -> BenchData.key(n), devices, true);
                report("by public key", time(store, lookups, random, n -> BenchData.key(n), devices, true));
                report("by id", time(store, lookups, random, n -> BenchData.deviceId(n), devices, false));
            }
        }
    }

    private static void seed(JdbcStore store, int devices, Instant now) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> jobs = new ArrayList<>();
            int chunk = 2_000;
            for (int from = 0; from < devices; from += chunk) {
                int start = from;
                int end = Math.min(devices, from + chunk);
                jobs.add(pool.submit(() -> store.inTransaction(tx -> {
                    for (long n = start; n < end; n++) {
                        // Addresses by number: the lookups, not address allocation, are measured here.
                        tx.devices().insert(BenchData.device(n, BenchData.FIRST + n, now));
                    }
                    return null;
                })));
            }
            for (Future<?> f : jobs) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private static long[] time(JdbcStore store, int lookups, SplittableRandom random, LongFunction<Object> keyOf, int devices, boolean byKey) {
        long[] nanos = new long[lookups];
        for (int i = 0; i < lookups; i++) {
            long n = random.nextLong(devices);
            Object key = keyOf.apply(n);
            long t0 = System.nanoTime();
            Device d = store.inTransaction(tx -> byKey
                    ? tx.devices().findByPublicKey((dev.damm.spi.wireguard.WireGuardKey) key).orElseThrow()
                    : tx.devices().find((dev.damm.core.model.DeviceId) key).orElseThrow());
            nanos[i] = System.nanoTime() - t0;
            if (!d.id().equals(BenchData.deviceId(n))) {
                throw new IllegalStateException("wrong device for " + n);
            }
        }
        return BenchData.sorted(nanos, lookups);
    }

    private static void report(String what, long[] sorted) {
        System.out.printf(Locale.ROOT, "lookup %-14s n=%,d  p50 %.0f us  p99 %.0f us  p99.9 %.0f us  max %.0f us%n", what, sorted.length,
                BenchData.percentileMicros(sorted, 0.50), BenchData.percentileMicros(sorted, 0.99),
                BenchData.percentileMicros(sorted, 0.999), BenchData.percentileMicros(sorted, 1.0));
    }
}
