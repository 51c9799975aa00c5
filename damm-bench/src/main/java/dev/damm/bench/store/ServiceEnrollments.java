package dev.damm.bench.store;

import dev.damm.core.ControlPlane;
import dev.damm.core.enroll.EnrollmentRequest;
import dev.damm.core.enroll.Secrets;
import dev.damm.core.enroll.TrustAnchor;
import dev.damm.core.ipam.AddressPlan;
import dev.damm.core.ratelimit.BucketShape;
import dev.damm.core.store.InstallPass;
import dev.damm.spi.net.CountryCode;
import dev.damm.spi.net.IpNetwork;
import dev.damm.store.jdbc.JdbcStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Enrollments through the real {@code EnrollmentService} on a JDBC store, with the benchmark's fleet. */
final class ServiceEnrollments {
    private static final long KEY_OFFSET = 1_000_000_000L;
    private final JdbcStore store;
    private final Instant now;
    private final ControlPlane cp;

    ServiceEnrollments(JdbcStore store, Instant now) {
        this.store = store;
        this.now = now;
        BucketShape open = BucketShape.perMinute(1_000_000_000L);
        this.cp = ControlPlane.builder(store).random(new SecureRandom())
                .addressPlan(new AddressPlan(IpNetwork.parse("10.128.0.0/9"), Optional.of(IpNetwork.parse("fd00:be:c::/64")), 1, 10, Duration.ofHours(1)))
                .heartbeatTtl(Duration.ofDays(1)).mintLimits(open, open, open).enrollLimits(open, open, open)
                .trustAnchor(() -> new TrustAnchor(1, new byte[] {1})).build();
    }

    static String secret(long n) {
        return "dp_" + Base64.getUrlEncoder().withoutPadding().encodeToString(BenchData.bytes32("svc-pass", n));
    }

    void seedPasses(int threads, int passes) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (int from = 0; from < passes; from += 1_000) {
                int start = from;
                int end = Math.min(passes, from + 1_000);
                jobs.add(pool.submit(() -> store.inTransaction(tx -> {
                    for (long n = start; n < end; n++) {
                        tx.installPasses().insert(new InstallPass("svc-pass-" + n, Secrets.hash(secret(n)), BenchData.TIER, now,
                                now.plus(Duration.ofDays(7)), "bench", Optional.empty(), Optional.empty()));
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

    EnrollmentVsPgbench.Result run(int workers, int passesPerWorker, int warmupSeconds, int seconds, CpuMeter meter) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        long warmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmupSeconds);
        long measureEnd = warmupEnd + TimeUnit.SECONDS.toNanos(seconds);
        java.util.concurrent.CompletableFuture<CpuMeter.Reading> cpu = meter == null ? null : meter.window(warmupEnd, measureEnd);
        List<Future<long[]>> futures = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            long first = (long) w * passesPerWorker;
            futures.add(pool.submit(() -> {
                long[] latencies = new long[passesPerWorker];
                int measured = 0;
                for (long n = first; n < first + passesPerWorker; n++) {
                    long t0 = System.nanoTime();
                    if (t0 >= measureEnd) {
                        break;
                    }
                    cp.enrollment().enroll(new EnrollmentRequest(secret(n), BenchData.key(KEY_OFFSET + n).base64(), Optional.empty(),
                            Optional.of(BenchData.REGION), Optional.of(CountryCode.of("DE")), false, "10.9.0." + (n % 250)));
                    long t1 = System.nanoTime();
                    if (t0 >= warmupEnd && t1 <= measureEnd) {
                        latencies[measured++] = t1 - t0;
                    }
                }
                return Arrays.copyOf(latencies, measured);
            }));
        }
        List<long[]> all = new ArrayList<>();
        long count = 0;
        for (Future<long[]> f : futures) {
            long[] l = f.get();
            all.add(l);
            count += l.length;
        }
        pool.shutdown();
        long[] sorted = new long[(int) count];
        int i = 0;
        for (long[] l : all) {
            System.arraycopy(l, 0, sorted, i, l.length);
            i += l.length;
        }
        Arrays.sort(sorted);
        return new EnrollmentVsPgbench.Result(count, seconds, sorted, cpu == null ? null : cpu.get());
    }
}
