package dev.damm.bench.store;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time spent by this JVM and by one PostgreSQL server (its postmaster and every backend,
 * live or exited), read from {@code /proc}: with other work on the machine, CPU per operation is
 * a steadier figure than operations per second. Linux only; elsewhere it reports nothing.
 */
final class CpuMeter {
    /** Clock ticks per second of /proc's utime and stime (USER_HZ, 100 on Linux). */
    private static final long TICKS = 100;
    private final long postmaster;

    private CpuMeter(long postmaster) {
        this.postmaster = postmaster;
    }

    /** The meter for the PostgreSQL listening on {@code port}, or null when it cannot be found. */
    static CpuMeter forPostgres(int port) {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> isPostmaster(p, port)).findFirst()
                    .map(p -> new CpuMeter(Long.parseLong(p.getFileName().toString()))).orElse(null);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static boolean isPostmaster(Path proc, int port) {
        try {
            String cmd = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8);
            return cmd.contains("postgres") && cmd.contains("\0-p\0" + port + "\0");
        } catch (IOException e) {
            return false;
        }
    }

    /** A reading: nanoseconds of CPU used so far by the JVM and by the server. */
    record Reading(long jvmNanos, long postgresNanos) {
        Reading minus(Reading earlier) {
            return new Reading(jvmNanos - earlier.jvmNanos, postgresNanos - earlier.postgresNanos);
        }
    }

    /**
     * Reads the JVM's CPU time (with that of its exited child processes, such as pgbench) and
     * the server's.
     */
    Reading read() {
        long jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        long[] self = stat(Path.of("/proc/self"));
        if (self != null) {
            jvm += (self[3] + self[4]) * (1_000_000_000L / TICKS);
        }
        long ticks = 0;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                long[] f = stat(p);
                if (f == null) {
                    continue;
                }
                if (Long.parseLong(name) == postmaster) {
                    ticks += f[1] + f[2] + f[3] + f[4]; // its own time and its reaped children's
                } else if (f[0] == postmaster) {
                    ticks += f[1] + f[2];
                }
            }
        } catch (IOException e) {
            return new Reading(jvm, 0);
        }
        return new Reading(jvm, ticks * (1_000_000_000L / TICKS));
    }

    /**
     * Reads the meter at {@code fromNanos} and at {@code toNanos} (System.nanoTime) from a
     * background thread, so the window matches a benchmark's measured period.
     */
    java.util.concurrent.CompletableFuture<Reading> window(long fromNanos, long toNanos) {
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            sleepUntil(fromNanos);
            Reading start = read();
            sleepUntil(toNanos);
            return read().minus(start);
        });
    }

    private static void sleepUntil(long nanos) {
        long left;
        while ((left = nanos - System.nanoTime()) > 0) {
            try {
                Thread.sleep(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** "client N us + server M us" per operation. */
    static String perOperation(Reading r, long operations) {
        if (r == null || operations == 0) {
            return "n/a";
        }
        return String.format(java.util.Locale.ROOT, "client %.0f us + postgres %.0f us = %.0f us CPU per operation",
                r.jvmNanos / 1e3 / operations, r.postgresNanos / 1e3 / operations, (r.jvmNanos + r.postgresNanos) / 1e3 / operations);
    }

    /** ppid, utime, stime, cutime, cstime of a process, or null if it is gone. */
    private static long[] stat(Path proc) {
        try {
            String s = Files.readString(proc.resolve("stat"));
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            // after "pid (comm) ": state ppid ... utime(12) stime(13) cutime(14) cstime(15), 0-based from state
            return new long[] {Long.parseLong(f[1]), Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]), Long.parseLong(f[14])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
