package dev.damm.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.provider.ProviderConfig;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.function.Executable;

/** Helpers shared by the contracts. */
final class Tck {
    /** The label every resource a contract creates carries, so runs against a real account can be told apart. */
    static final String RUN_LABEL = "damm-tck-run";

    private Tck() {}

    /**
     * A fresh idempotency key or run id. Random on purpose: contracts may run against a real
     * provider account, where a key from an earlier run must not match.
     */
    static String freshKey(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }

    /** Extra time allowed past a timeout for thread hand-off and a loaded build machine. */
    static Duration grace(Duration timeout) {
        Duration twice = timeout.multipliedBy(2);
        return twice.compareTo(Duration.ofSeconds(2)) > 0 ? twice : Duration.ofSeconds(2);
    }

    /** Fails unless {@code call} throws a {@link DammException} with {@code code}; returns it. */
    static DammException assertCode(ErrorCode code, Executable call, String what) {
        DammException e = assertThrows(DammException.class, call, what + " must throw " + code);
        assertEquals(code, e.errorCode(), what + " threw " + e);
        return e;
    }

    /** Returns the injector a fault contract was given, failing (never skipping) when it is null. */
    static FaultInjector requireFaults(FaultInjector faults) {
        assertNotNull(faults, "faults() must not return null: a plug-in that cannot inject faults implements"
                + " only the capability contracts, not their fault contracts");
        return faults;
    }

    /** Checks that {@code call}, made while {@code fault} is injected, throws what the fault demands. */
    static void assertFaultMapped(FaultInjector injector, Fault fault, Executable call, String what) {
        injector.inject(fault);
        try {
            DammException e = assertCode(fault.expected(), call, what + " under " + fault);
            assertEquals(fault.retryable(), e.retryable(), what + " under " + fault + ": retryable flag of " + e);
            if (fault == Fault.RATE_LIMITED) {
                assertEquals(Optional.of(Fault.RETRY_AFTER), e.retryAfter(), what + " must carry the advertised Retry-After");
            }
        } finally {
            injector.clear();
        }
    }

    /** Checks that {@code call} gives up with {@code TIMEOUT} within the call timeout plus grace. */
    static void assertBoundedByTimeout(FaultInjector injector, ProviderConfig config, Executable call, String what) {
        Duration limit = config.callTimeout().plus(grace(config.callTimeout()));
        injector.inject(Fault.SLOW);
        try {
            assertTimeoutPreemptively(limit, () -> {
                assertCode(ErrorCode.TIMEOUT, call, what + " against a provider that does not answer");
            }, what + " must give up within callTimeout " + config.callTimeout() + " (plus grace)");
        } finally {
            injector.clear();
        }
    }

    /** Returns the value of an accessor the descriptor promised, or fails naming the capability. */
    static <T> T present(Optional<T> accessor, String capability) {
        if (accessor == null || accessor.isEmpty()) {
            fail("the adapter returned no " + capability + "() although the contract for it is implemented");
        }
        return accessor.get();
    }
}
