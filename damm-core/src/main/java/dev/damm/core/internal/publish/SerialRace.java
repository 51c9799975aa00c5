package dev.damm.core.internal.publish;

import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Signing a serial that another publisher (another server, or another thread of this one) recorded
 * first. The store refuses the second record of a serial with {@code CONFLICT}; the loser's signed
 * bytes are dropped unserved and it signs again with the serial after, so no two documents of one
 * kind and scope ever carry the same serial and nobody sees the race as an error. A publisher that
 * keeps losing (more than {@link #ATTEMPTS} times in a row) gets the conflict.
 */
public final class SerialRace {
    /** Attempts at a serial when others keep taking the next one first. */
    public static final int ATTEMPTS = 5;

    private static final RetryPolicy<Object> POLICY = RetryPolicy.builder()
            .handleIf(e -> e instanceof DammException d && d.errorCode() == ErrorCode.CONFLICT)
            .withMaxAttempts(ATTEMPTS)
            .withJitter(Duration.ofMillis(5)).withDelay(Duration.ofMillis(5))
            .build();

    private SerialRace() {}

    /** Runs {@code signAndRecord} (one store transaction) until its serial is the one recorded. */
    @SuppressWarnings("unchecked")
    public static <T> T signUntilRecorded(Supplier<T> signAndRecord) {
        try {
            return (T) Failsafe.with(POLICY).get(signAndRecord::get);
        } catch (FailsafeException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }
}
