package dev.damm.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.function.Executable;

/** Assertions on {@link DammException}s shared by the SPI tests. */
public final class DammAssertions {
    private DammAssertions() {}

    /** Asserts {@code call} throws INVALID_ARGUMENT whose message starts with {@code field + ": "}. */
    public static DammException assertInvalid(String field, Executable call) {
        return assertFails(ErrorCode.INVALID_ARGUMENT, field + ": ", call);
    }

    /** Asserts {@code call} throws {@code code} whose message starts with {@code prefix}. */
    public static DammException assertFails(ErrorCode code, String prefix, Executable call) {
        DammException e = assertThrows(DammException.class, call);
        assertEquals(code, e.errorCode(), () -> "error code of: " + e.getMessage());
        assertTrue(e.getMessage().startsWith(prefix),
                () -> "expected message starting with '" + prefix + "' but was '" + e.getMessage() + "'");
        return e;
    }
}
