package dev.damm.core.enroll;

import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.random.RandomGenerator;

/**
 * Bearer secrets (install passes, device credentials, gateway tokens): generation, hashing and
 * constant-time comparison. Only SHA-256 hashes are ever stored; the plaintext is shown once.
 *
 * <p>The random generator is injected so tests are deterministic; production wiring passes a
 * {@link java.security.SecureRandom}.
 */
public final class Secrets {
    /** Secrets are 32 random bytes: 256 bits, beyond guessing, so a fast hash is enough to store them. */
    static final int SECRET_BYTES = 32;

    private Secrets() {}

    /** A new secret with a readable prefix (e.g. {@code dp_} for passes), base64url without padding. */
    public static String newSecret(RandomGenerator random, String prefix) {
        byte[] raw = new byte[SECRET_BYTES];
        nextBytes(random, raw);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    /** A short public identifier (not secret), e.g. for install pass ids. */
    public static String newId(RandomGenerator random, String prefix) {
        byte[] raw = new byte[9];
        nextBytes(random, raw);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(raw).replace('-', 'x').replace('_', 'y');
    }

    /**
     * Services share one generator across threads; seeded generators such as SplittableRandom are
     * not thread-safe, and two threads drawing at once could get the same bytes (the same
     * credential twice). The lock is uncontended in the common case and harmless for SecureRandom.
     */
    private static void nextBytes(RandomGenerator random, byte[] out) {
        synchronized (random) {
            random.nextBytes(out);
        }
    }

    /** SHA-256 of the secret's UTF-8 bytes. */
    public static byte[] hash(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new DammException(ErrorCode.INTERNAL, "sha-256: unavailable", e);
        }
    }

    public static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new DammException(ErrorCode.INTERNAL, "sha-256: unavailable", e);
        }
    }

    /** Compares two hashes in time independent of where they differ. */
    public static boolean constantTimeEquals(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }

    /** Rejects obviously malformed bearer secrets before hashing (length, characters). */
    static String checkShape(String field, String secret, String prefix, ErrorCode onFailure) {
        if (secret == null || secret.isBlank()) {
            throw new DammException(onFailure, field + ": missing");
        }
        String s = secret.strip();
        if (s.length() > 128 || !s.startsWith(prefix) || !dev.damm.core.internal.model.Shapes.SECRET_BODY.matcher(s.substring(prefix.length())).matches()) {
            throw new DammException(onFailure, field + ": not a valid " + prefix + "… secret");
        }
        return s;
    }
}
