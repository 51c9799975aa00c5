package dev.damm.spi.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProviderErrorsTest {
    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final ProviderId HETZNER = ProviderId.of("hetzner");
    private final ProviderErrors errors = ProviderErrors.using(Clock.fixed(NOW, ZoneOffset.UTC));

    @ParameterizedTest(name = "HTTP {0} -> {1}, retryable={2}")
    @CsvSource({
            "400, PROVIDER_INVALID_REQUEST, false",
            "401, PROVIDER_AUTH_FAILED, false",
            "403, PROVIDER_AUTH_FAILED, false",
            "404, PROVIDER_NOT_FOUND, false",
            "405, PROVIDER_INVALID_REQUEST, false",
            "408, TIMEOUT, true",
            "409, PROVIDER_CONFLICT, false",
            "410, PROVIDER_NOT_FOUND, false",
            "412, PROVIDER_CONFLICT, false",
            "413, PROVIDER_INVALID_REQUEST, false",
            "422, PROVIDER_INVALID_REQUEST, false",
            "423, PROVIDER_CONFLICT, true",
            "429, PROVIDER_RATE_LIMITED, true",
            "500, PROVIDER_UNAVAILABLE, true",
            "501, PROVIDER_UNAVAILABLE, true",
            "502, PROVIDER_UNAVAILABLE, true",
            "503, PROVIDER_UNAVAILABLE, true",
            "504, TIMEOUT, true",
            "599, PROVIDER_UNAVAILABLE, true",
    })
    void mapsEachStatusToItsStableCode(int status, ErrorCode code, boolean retryable) {
        DammException e = errors.fromHttp(HETZNER, "create server", status, Map.of());

        assertEquals(code, e.errorCode());
        assertEquals(retryable, e.retryable());
        assertTrue(e.getMessage().startsWith("hetzner: create server answered HTTP " + status + " (" + code.code() + ")"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 200, 204, 302, 399, 600, -1})
    void refusesStatusesThatAreNotErrors(int status) {
        DammException e = assertThrows(DammException.class, () -> errors.fromHttp(HETZNER, "list servers", status, Map.of()));

        assertEquals(ErrorCode.INVALID_ARGUMENT, e.errorCode());
        assertTrue(e.getMessage().startsWith("status:"), e.getMessage());
    }

    @Test
    void rateLimitCarriesRetryAfterSeconds() {
        DammException e = errors.fromHttp(HETZNER, "create server", 429, Map.of("Retry-After", List.of("30")));

        assertEquals(ErrorCode.PROVIDER_RATE_LIMITED, e.errorCode());
        assertTrue(e.retryable());
        assertEquals(Optional.of(Duration.ofSeconds(30)), e.retryAfter());
        assertTrue(e.getMessage().contains("retry after 30 s"), e.getMessage());
    }

    @Test
    void headerNamesMatchInAnyCase() {
        assertEquals(Optional.of(Duration.ofSeconds(12)), errors.retryAfter(Map.of("retry-after", List.of("12"))));
        assertEquals(Optional.of(Duration.ofSeconds(12)), errors.retryAfter(Map.of("RETRY-AFTER", List.of(" 12 "))));
    }

    @Test
    void retryAfterAsImfFixdateIsMeasuredFromTheInjectedClock() {
        assertEquals(Optional.of(Duration.ofSeconds(90)),
                errors.retryAfter(Map.of("Retry-After", List.of("Sun, 01 Jun 2025 12:01:30 GMT"))));
    }

    @Test
    void retryAfterAsObsoleteRfc850DateIsAccepted() {
        assertEquals(Optional.of(Duration.ofMinutes(5)),
                errors.retryAfter(Map.of("Retry-After", List.of("Sunday, 01-Jun-25 12:05:00 GMT"))));
    }

    @Test
    void anRfc850YearMoreThanFiftyYearsAheadIsReadAsThePastCentury() {
        // "99" is 2099, more than 50 years after 2025, so it means 1999: already past, no wait.
        assertEquals(Optional.of(Duration.ZERO),
                errors.retryAfter(Map.of("Retry-After", List.of("Tuesday, 01-Jun-99 12:00:00 GMT"))));
    }

    @Test
    void retryAfterAsAsctimeDateIsAccepted() {
        assertEquals(Optional.of(Duration.ofSeconds(10)),
                errors.retryAfter(Map.of("Retry-After", List.of("Sun Jun  1 12:00:10 2025"))));
    }

    @Test
    void aRetryAfterDateInThePastMeansRetryNow() {
        assertEquals(Optional.of(Duration.ZERO),
                errors.retryAfter(Map.of("Retry-After", List.of("Sat, 31 May 2025 12:00:00 GMT"))));
    }

    @Test
    void absurdDelaysAreClampedToTheMaximum() {
        assertEquals(Optional.of(ProviderErrors.MAX_RETRY_AFTER), errors.retryAfter(Map.of("Retry-After", List.of("999999999"))));
        long farReset = NOW.getEpochSecond() + Duration.ofDays(400).toSeconds();
        assertEquals(Optional.of(ProviderErrors.MAX_RETRY_AFTER), errors.retryAfter(Map.of("RateLimit-Reset", List.of(Long.toString(farReset)))));
    }

    @Test
    void unparseableValuesAreIgnored() {
        assertEquals(Optional.empty(), errors.retryAfter(Map.of("Retry-After", List.of("soon"))));
        assertEquals(Optional.empty(), errors.retryAfter(Map.of("Retry-After", List.of("-5"))));
        assertEquals(Optional.empty(), errors.retryAfter(Map.of("RateLimit-Reset", List.of("tomorrow"))));
        assertEquals(Optional.empty(), errors.retryAfter(Map.of("Retry-After", List.of(""))));
        assertEquals(Optional.empty(), errors.retryAfter(Map.of()));
        assertEquals(Optional.empty(), errors.retryAfter(Map.of("Retry-After", List.of("99999999999999999999"))), "more digits than a long");
        assertEquals(Optional.empty(), errors.retryAfter(Map.of("Retry-After", List.of("Sun, 32 Jun 2025 12:00:00 GMT"))));
    }

    @Test
    void rateLimitResetAsUnixSecondsLikeHetzner() {
        long reset = NOW.getEpochSecond() + 42;
        DammException e = errors.fromHttp(HETZNER, "create server", 429, Map.of("RateLimit-Reset", List.of(Long.toString(reset))));

        assertEquals(Optional.of(Duration.ofSeconds(42)), e.retryAfter());
    }

    @Test
    void lowerCaseRatelimitResetAsUnixSecondsLikeDigitalOcean() {
        long reset = NOW.getEpochSecond() + 7;
        assertEquals(Optional.of(Duration.ofSeconds(7)), errors.retryAfter(Map.of("ratelimit-reset", List.of(Long.toString(reset)))));
    }

    @Test
    void xRateLimitResetAsUnixSeconds() {
        long reset = NOW.getEpochSecond() + 61;
        assertEquals(Optional.of(Duration.ofSeconds(61)), errors.retryAfter(Map.of("X-RateLimit-Reset", List.of(Long.toString(reset)))));
    }

    @Test
    void rateLimitResetAsUnixMilliseconds() {
        long reset = NOW.toEpochMilli() + 3_000;
        assertEquals(Optional.of(Duration.ofSeconds(3)), errors.retryAfter(Map.of("X-Rate-Limit-Reset", List.of(Long.toString(reset)))));
    }

    @Test
    void smallRateLimitResetIsADeltaInSecondsAsInTheIetfDraft() {
        assertEquals(Optional.of(Duration.ofSeconds(50)), errors.retryAfter(Map.of("RateLimit-Reset", List.of("50"))));
        assertEquals(Optional.of(Duration.ofSeconds(50)), errors.retryAfter(Map.of("RateLimit-Reset", List.of("50.5"))));
    }

    @Test
    void aResetInThePastMeansRetryNow() {
        long reset = NOW.getEpochSecond() - 100;
        assertEquals(Optional.of(Duration.ZERO), errors.retryAfter(Map.of("RateLimit-Reset", List.of(Long.toString(reset)))));
    }

    @Test
    void structuredRateLimitHeaderResetParameter() {
        assertEquals(Optional.of(Duration.ofSeconds(25)),
                errors.retryAfter(Map.of("RateLimit", List.of("limit=100, remaining=0, reset=25"))));
        assertEquals(Optional.of(Duration.ofSeconds(9)),
                errors.retryAfter(Map.of("RateLimit", List.of("\"default\";r=0;t=9"))));
    }

    @Test
    void retryAfterWinsOverResetHeaders() {
        long reset = NOW.getEpochSecond() + 600;
        Map<String, List<String>> headers = Map.of("Retry-After", List.of("5"), "RateLimit-Reset", List.of(Long.toString(reset)));

        assertEquals(Optional.of(Duration.ofSeconds(5)), errors.retryAfter(headers));
    }

    @Test
    void blankFirstValuesAreSkipped() {
        assertEquals(Optional.of(Duration.ofSeconds(4)), errors.retryAfter(Map.of("Retry-After", List.of(" ", "4"))));
    }

    @Test
    void unavailableHonoursRetryAfter() {
        DammException e = errors.fromHttp(HETZNER, "list servers", 503, Map.of("Retry-After", List.of("120")));

        assertEquals(ErrorCode.PROVIDER_UNAVAILABLE, e.errorCode());
        assertEquals(Optional.of(Duration.ofMinutes(2)), e.retryAfter());
    }

    @Test
    void nonRetryableErrorsCarryNoDelayEvenWhenAHeaderSaysOne() {
        DammException e = errors.fromHttp(HETZNER, "create server", 422, Map.of("Retry-After", List.of("5")));

        assertFalse(e.retryable());
        assertEquals(Optional.empty(), e.retryAfter());
    }

    @Test
    void forbiddenWithAnExhaustedRateLimitIsARateLimitNotAnAuthFailure() {
        long reset = NOW.getEpochSecond() + 15;
        DammException e = errors.fromHttp(HETZNER, "list servers", 403,
                Map.of("X-RateLimit-Remaining", List.of("0"), "X-RateLimit-Reset", List.of(Long.toString(reset))));

        assertEquals(ErrorCode.PROVIDER_RATE_LIMITED, e.errorCode());
        assertEquals(Optional.of(Duration.ofSeconds(15)), e.retryAfter());
    }

    @Test
    void forbiddenWithRemainingQuotaIsAnAuthFailure() {
        DammException e = errors.fromHttp(HETZNER, "list servers", 403, Map.of("RateLimit-Remaining", List.of("3599")));

        assertEquals(ErrorCode.PROVIDER_AUTH_FAILED, e.errorCode());
    }

    @Test
    void theProviderDetailIsAppendedShortenedAndFreeOfControlCharacters() {
        String detail = "server name is already used\r\nX-Injected: yes " + "x".repeat(500);
        DammException e = errors.fromHttp(HETZNER, "create server", 409, Map.of(), detail);

        assertTrue(e.getMessage().contains(": server name is already used  X-Injected: yes"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertTrue(e.getMessage().endsWith("..."));
        assertTrue(e.getMessage().length() < 320, "length " + e.getMessage().length());
    }

    @Test
    void aTimeoutOnTheWireIsARetryableTimeout() {
        DammException e = ProviderErrors.fromIOException(HETZNER, "list servers", new SocketTimeoutException("Read timed out"));
        DammException e2 = ProviderErrors.fromIOException(HETZNER, "list servers", new HttpTimeoutException("request timed out"));

        assertEquals(ErrorCode.TIMEOUT, e.errorCode());
        assertTrue(e.retryable());
        assertEquals(ErrorCode.TIMEOUT, e2.errorCode());
    }

    @Test
    void anUnreachableProviderIsRetryableUnavailableAndTheMessageLeavesOutTheIoMessage() {
        DammException e = ProviderErrors.fromIOException(HETZNER, "list servers",
                new IOException("connect to https://api.example/?token=SECRET failed"));

        assertEquals(ErrorCode.PROVIDER_UNAVAILABLE, e.errorCode());
        assertTrue(e.retryable());
        assertFalse(e.getMessage().contains("SECRET"), e.getMessage());
        assertTrue(e.getMessage().startsWith("hetzner: list servers could not reach the provider (IOException)"), e.getMessage());
    }

    @Test
    void timeoutHelperNamesTheLimit() {
        DammException e = ProviderErrors.timeout(HETZNER, "create server", Duration.ofMillis(1500));

        assertEquals(ErrorCode.TIMEOUT, e.errorCode());
        assertTrue(e.retryable());
        assertTrue(e.getMessage().contains("1500 ms"), e.getMessage());
    }
}
