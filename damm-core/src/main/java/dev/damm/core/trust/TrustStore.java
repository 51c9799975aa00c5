package dev.damm.core.trust;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a client remembers between runs to refuse rollbacks: the current root of trust and, per
 * scope, the newest accepted serial.
 *
 * <p>Implementations are thread-safe and make each change durable before returning. A root is
 * only ever replaced by a higher version and a serial only ever moves up; attempts to go back
 * throw {@link dev.damm.spi.DammException} with {@link dev.damm.spi.ErrorCode#CONFLICT}.
 */
public interface TrustStore {
    /** Shape of a scope key: lower-case letters, digits and {@code / _ . : -}, up to 128 characters. */
    Pattern SCOPE_KEY = Pattern.compile("[a-z0-9][a-z0-9/_.:-]{0,127}");

    /** Returns the current root. */
    TrustedRoot root();

    /** Replaces the current root with a newer version. */
    void replaceRoot(TrustedRoot newer);

    /** Returns the newest accepted serial for {@code scope}, if any. */
    Optional<AcceptedSerial> lastAccepted(String scope);

    /** Records that {@code accepted} was accepted for {@code scope}; its serial must not be lower than the last. */
    void recordAccepted(String scope, AcceptedSerial accepted);
}
