package dev.damm.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every signed document reads a time from one spelling; each form a general parser takes by mistake is refused, naming the field. */
class SignedTimestampSpellingTest {
    record Stamped(Instant validUntil) {}

    private static Stamped read(String value) {
        return DammJson.readSignedBounded(("{\"validUntil\":" + value + "}").getBytes(StandardCharsets.UTF_8), Stamped.class, 1024);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "\"2026-03-01T12:00:00Z\"           | 2026-03-01T12:00:00Z",
        "\"2026-03-01T12:00:00.250Z\"       | 2026-03-01T12:00:00.250Z",
        "\"2026-03-01T12:00:00.000001Z\"    | 2026-03-01T12:00:00.000001Z",
        "\"2026-03-01T12:00:00.123456789Z\" | 2026-03-01T12:00:00.123456789Z",
        "\"2028-02-29T23:59:59Z\"           | 2028-02-29T23:59:59Z",
        "\"0001-01-01T00:00:00Z\"           | 0001-01-01T00:00:00Z",
        "\"9999-12-31T23:59:59Z\"           | 9999-12-31T23:59:59Z",
    })
    void theOneSpellingIsAccepted(String json, String expected) {
        assertEquals(Instant.parse(expected), read(json).validUntil());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "\"2026-03-01T12:00:00z\"",          // lower-case z
        "\"2026-03-01t12:00:00Z\"",          // lower-case t
        "\"2026-03-01T12:00:00+00:00\"",     // an offset, even a zero one
        "\"2026-03-01T13:00:00+01:00\"",     // an offset
        "\"2026-03-01T12:00:00-00:00\"",
        "\"2026-03-01T12:00:00\"",           // no zone at all
        "\"2026-03-01T23:59:60Z\"",          // a leap second
        "\"2026-03-01T24:00:00Z\"",          // end-of-day hour
        "\"+10000-01-01T00:00:00Z\"",        // five-digit year
        "\"-0001-01-01T00:00:00Z\"",         // negative year
        "\"+2026-03-01T12:00:00Z\"",         // signed four-digit year
        "\"2026-02-30T12:00:00Z\"",          // no such day
        "\"2026-3-01T12:00:00Z\"",           // one-digit month
        "\"2026-03-01T12:00Z\"",             // no seconds
        "\"2026-03-01T12:00:00.000Z\"",      // zero fraction: a second spelling of :00Z
        "\"2026-03-01T12:00:00.5Z\"",        // fraction not in groups of three
        "\"2026-03-01T12:00:00.250000Z\"",   // trailing zero group: a second spelling of .250Z
        "\"2026-03-01T12:00:00,250Z\"",      // comma fraction
        "\"2026-03-01 12:00:00Z\"",          // space separator
        "\" 2026-03-01T12:00:00Z\"",         // padding
        "\"2026-03-01T12:00:00Z[UTC]\"",     // zone id suffix
        "\"20260301T120000Z\"",              // basic format
        "1772366400",                        // epoch seconds
        "1772366400000",                     // epoch milliseconds (year 58387 if read as seconds)
        "1772366400.5",                      // fractional epoch
    })
    void everyOtherSpellingIsRefusedNamingTheField(String json) {
        DammException e = assertThrows(DammException.class, () -> read(json));
        assertEquals(ErrorCode.MALFORMED_INPUT, e.errorCode());
        assertTrue(e.getMessage().startsWith("validUntil:"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"2027-03-01T00:00:00z", "2027-03-01T01:00:00+01:00", "2027-03-01T23:59:60Z", "+10000-03-01T00:00:00Z"})
    void aRootWithAnotherSpellingIsRefusedNamingItsExpiry(String expires) {
        String root = "{\"version\":1,\"expires\":\"" + expires + "\",\"roles\":{}}";
        DammException e = assertThrows(DammException.class,
                () -> dev.damm.core.trust.RootDocument.fromJson(root.getBytes(StandardCharsets.UTF_8)));
        assertEquals(ErrorCode.MALFORMED_INPUT, e.errorCode());
        assertTrue(e.getMessage().startsWith("root.expires:"), e.getMessage());
    }
}
