package dev.damm.spi;

import static dev.damm.spi.DammAssertions.assertInvalid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ErrorCodeTest {

    @Test
    void everyCodeRoundTripsThroughItsWireForm() {
        for (ErrorCode c : ErrorCode.values()) {
            assertEquals(c, ErrorCode.fromCode(c.code()));
            assertTrue(c.httpStatus() >= 400 && c.httpStatus() < 600, c::name);
        }
        assertEquals("no_healthy_gateway", ErrorCode.NO_HEALTHY_GATEWAY.code());
    }

    @Test
    void unknownOrNullWireFormsAreInvalidArguments() {
        assertInvalid("error code", () -> ErrorCode.fromCode("no_such_code"));
        assertInvalid("error code", () -> ErrorCode.fromCode(null));
    }

    @Test
    void retryableExceptionCarriesItsDelay() {
        DammException e = DammException.retryable(ErrorCode.PROVIDER_RATE_LIMITED, "hetzner: rate limited", Duration.ofSeconds(7));
        assertTrue(e.retryable());
        assertEquals(Optional.of(Duration.ofSeconds(7)), e.retryAfter());
        assertEquals("DammException[provider_rate_limited, retryable]: hetzner: rate limited", e.toString());
        assertFalse(DammException.invalid("f", "bad").retryable());
    }
}
