package dev.damm.spi.provider;

import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.Require;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Map;

/**
 * A credential such as an API token: its {@link #toString()} is redacted, and only
 * {@link #reveal()} returns the value, for the one place that puts it on the wire.
 *
 * <p>Load it from an environment variable ({@link #fromEnvironment}) or a file ({@link #fromFile});
 * failures are {@link ErrorCode#CONFIGURATION_ERROR}s naming the configuration key and where the
 * value was looked for, never the value. A secret file should be readable by its owner only
 * ({@code chmod 600}); a file that others may <em>write</em> is refused, because whoever can replace
 * the token can redirect DAMM's provider account. World-readable files are accepted (container
 * secret mounts are often {@code 0444}) but should be avoided.
 *
 * <p>Instances are immutable until {@link #destroy()} and safe to share between threads.
 */
public final class Secret {
    /** The largest secret file read, in bytes. */
    public static final int MAX_FILE_BYTES = 64 * 1024;

    private final char[] value;

    private Secret(char[] value) {
        this.value = value;
    }

    /** Wraps a value already in memory (tests, values from a vault client). */
    public static Secret of(String value) {
        Require.nonNull("secret", value);
        if (value.isBlank()) {
            throw DammException.invalid("secret", "must not be blank");
        }
        return new Secret(value.toCharArray());
    }

    /** Reads {@code variable} from the process environment for configuration key {@code key}. */
    public static Secret fromEnvironment(String key, String variable) {
        return fromEnvironment(key, variable, System.getenv());
    }

    /** Reads {@code variable} from {@code environment} for configuration key {@code key}. */
    public static Secret fromEnvironment(String key, String variable, Map<String, String> environment) {
        Require.text("key", key, 64);
        Require.text("variable", variable, 128);
        Require.nonNull("environment", environment);
        String v = environment.get(variable);
        if (v == null || v.isBlank()) {
            throw new DammException(ErrorCode.CONFIGURATION_ERROR,
                    key + ": environment variable " + variable + " is " + (v == null ? "not set" : "blank"));
        }
        return new Secret(v.strip().toCharArray());
    }

    /**
     * Reads the secret for configuration key {@code key} from {@code file}, UTF-8, without its
     * trailing line break and surrounding blanks.
     */
    public static Secret fromFile(String key, Path file) {
        Require.text("key", key, 64);
        Require.nonNull("file", file);
        if (!Files.isRegularFile(file)) {
            throw new DammException(ErrorCode.CONFIGURATION_ERROR, key + ": secret file " + file + " does not exist or is not a regular file");
        }
        byte[] raw;
        try {
            PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
            if (posix != null && posix.readAttributes().permissions().contains(PosixFilePermission.OTHERS_WRITE)) {
                throw new DammException(ErrorCode.CONFIGURATION_ERROR,
                        key + ": secret file " + file + " is writable by others; make it readable by its owner only (chmod 600)");
            }
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new DammException(ErrorCode.CONFIGURATION_ERROR,
                        key + ": secret file " + file + " is larger than " + MAX_FILE_BYTES + " bytes");
            }
            raw = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DammException(ErrorCode.CONFIGURATION_ERROR,
                    key + ": secret file " + file + " could not be read (" + e.getClass().getSimpleName() + ")");
        }
        char[] chars;
        try {
            CharBuffer cb = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw));
            chars = new char[cb.remaining()];
            cb.get(chars);
            Arrays.fill(cb.array(), '\0');
        } catch (CharacterCodingException e) {
            throw new DammException(ErrorCode.CONFIGURATION_ERROR, key + ": secret file " + file + " is not UTF-8 text");
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
        int start = 0;
        int end = chars.length;
        while (start < end && Character.isWhitespace(chars[start])) start++;
        while (end > start && Character.isWhitespace(chars[end - 1])) end--;
        if (start == end) {
            Arrays.fill(chars, '\0');
            throw new DammException(ErrorCode.CONFIGURATION_ERROR, key + ": secret file " + file + " is empty");
        }
        char[] value = Arrays.copyOfRange(chars, start, end);
        Arrays.fill(chars, '\0');
        return new Secret(value);
    }

    /** The secret as a string, for the one call that sends it (an Authorization header). */
    public String reveal() {
        return new String(value);
    }

    /** A copy of the secret's characters, for APIs that take {@code char[]}. */
    public char[] revealChars() {
        return value.clone();
    }

    /** Overwrites the characters this instance holds. */
    public void destroy() {
        Arrays.fill(value, '\0');
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Secret s)) {
            return false;
        }
        byte[] a = new String(value).getBytes(StandardCharsets.UTF_8);
        byte[] b = new String(s.value).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(a, b);
    }

    @Override
    public int hashCode() {
        return 0x5ec7e7; // deliberately constant: a hash of a secret is a leak
    }

    @Override
    public String toString() {
        return "Secret[redacted]";
    }
}
