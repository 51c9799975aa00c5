package dev.damm.core.trust;

import dev.damm.spi.DammException;
import dev.damm.spi.Require;

/**
 * Cost of the Argon2id key derivation that protects an exported private key.
 *
 * @param memoryKiB memory in KiB, at least {@code 8 × parallelism}, at most 1 GiB
 * @param iterations passes over the memory, 1 to 64
 * @param parallelism lanes, 1 to 16
 */
public record KdfParams(int memoryKiB, int iterations, int parallelism) {
    /** Default for root keys: 64 MiB, 3 passes, 1 lane (RFC 9106's memory-constrained choice, made stronger). */
    public static final KdfParams RECOMMENDED = new KdfParams(64 * 1024, 3, 1);
    /** Largest memory cost accepted, so a crafted key file cannot exhaust memory. */
    public static final int MAX_MEMORY_KIB = 1024 * 1024;

    public KdfParams {
        Require.range("kdf.parallelism", parallelism, 1, 16);
        Require.range("kdf.iterations", iterations, 1, 64);
        Require.range("kdf.memoryKiB", memoryKiB, 8, MAX_MEMORY_KIB);
        if (memoryKiB < 8 * parallelism) {
            throw DammException.invalid("kdf.memoryKiB", "must be at least 8 × parallelism, was " + memoryKiB);
        }
    }
}
