package dev.damm.spi.provider;

import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.Require;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a provider's HTTP error answer into a {@link DammException} with a stable code, so every
 * provider plug-in's error mapper agrees on what 401, 404, 409, 422, 429 and 5xx mean.
 *
 * <table>
 *   <caption>Status to code</caption>
 *   <tr><th>HTTP</th><th>code</th><th>retryable</th></tr>
 *   <tr><td>401, 403</td><td>{@code PROVIDER_AUTH_FAILED} (403 with an exhausted rate limit: {@code PROVIDER_RATE_LIMITED})</td><td>no</td></tr>
 *   <tr><td>404, 410</td><td>{@code PROVIDER_NOT_FOUND}</td><td>no</td></tr>
 *   <tr><td>409, 412</td><td>{@code PROVIDER_CONFLICT}</td><td>no</td></tr>
 *   <tr><td>423 (locked by a running action)</td><td>{@code PROVIDER_CONFLICT}</td><td>yes</td></tr>
 *   <tr><td>400, 422, other 4xx</td><td>{@code PROVIDER_INVALID_REQUEST}</td><td>no</td></tr>
 *   <tr><td>429</td><td>{@code PROVIDER_RATE_LIMITED}</td><td>yes, with the advertised delay</td></tr>
 *   <tr><td>408, 504</td><td>{@code TIMEOUT}</td><td>yes</td></tr>
 *   <tr><td>500, 502, 503, other 5xx</td><td>{@code PROVIDER_UNAVAILABLE}</td><td>yes</td></tr>
 * </table>
 *
 * <p>The delay before a retry comes from, in order: {@code Retry-After} (delta seconds or an
 * HTTP-date in IMF-fixdate, RFC 850 or asctime form); {@code RateLimit-Reset},
 * {@code X-RateLimit-Reset} or {@code X-Rate-Limit-Reset}; the {@code reset=} or {@code t=}
 * parameter of a structured {@code RateLimit} header. A reset value of at least 10^9 is read as a
 * Unix time in seconds (Hetzner, DigitalOcean, GitHub), at least 10^12 as Unix milliseconds, and
 * anything smaller as a number of seconds to wait (the IETF draft). Delays are clamped to
 * [0, 24 h]; unparseable values are ignored. Header names match case-insensitively.
 *
 * <p>Messages start with the provider id and name the operation and status; a caller-supplied
 * detail (the provider's own error message) is shortened and stripped of control characters. Never
 * pass request headers or bodies that may hold credentials as the detail.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class ProviderErrors {
    /** The longest delay a provider can make DAMM wait through a header. */
    public static final Duration MAX_RETRY_AFTER = Duration.ofHours(24);

    private static final int MAX_DETAIL = 200;
    private static final Pattern DIGITS = Pattern.compile("\\d{1,19}");
    private static final Pattern DECIMAL = Pattern.compile("(\\d{1,19})(?:\\.\\d{1,9})?");
    private static final Pattern STRUCTURED_RESET = Pattern.compile("(?:^|[;,\\s])(?:reset|t)\\s*=\\s*(\\d{1,19})");
    private static final Pattern RFC_850 = Pattern.compile(
            "[A-Za-z]{6,9}, (\\d{2})-([A-Za-z]{3})-(\\d{2}) (\\d{2}):(\\d{2}):(\\d{2}) GMT");
    private static final DateTimeFormatter RFC_850_NORMALISED = DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm:ss", Locale.US);
    private static final DateTimeFormatter ASCTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US);
    private static final List<String> RESET_HEADERS = List.of("RateLimit-Reset", "X-RateLimit-Reset", "X-Rate-Limit-Reset");
    private static final List<String> REMAINING_HEADERS = List.of("RateLimit-Remaining", "X-RateLimit-Remaining", "X-Rate-Limit-Remaining");
    private static final long EPOCH_SECONDS_THRESHOLD = 1_000_000_000L;
    private static final long EPOCH_MILLIS_THRESHOLD = 1_000_000_000_000L;

    private final Clock clock;

    private ProviderErrors(Clock clock) {
        this.clock = clock;
    }

    /** An error mapper that reads the current time from {@code clock} for HTTP-date and reset math. */
    public static ProviderErrors using(Clock clock) {
        return new ProviderErrors(Require.nonNull("clock", clock));
    }

    /** Maps an HTTP error answer without a provider detail message. */
    public DammException fromHttp(ProviderId provider, String operation, int status, Map<String, List<String>> headers) {
        return fromHttp(provider, operation, status, headers, null);
    }

    /**
     * Maps an HTTP error answer.
     *
     * @param provider  the provider that answered
     * @param operation what DAMM was doing, e.g. {@code "create server"}
     * @param status    the HTTP status, 400 to 599
     * @param headers   the response headers (names in any case), e.g. OkHttp's {@code toMultimap()}
     * @param detail    the provider's error message, or null
     */
    public DammException fromHttp(ProviderId provider, String operation, int status, Map<String, List<String>> headers, String detail) {
        Require.nonNull("provider", provider);
        Require.text("operation", operation, 100);
        Require.range("status", status, 400, 599);
        Require.nonNull("headers", headers);
        Optional<Duration> retryAfter = retryAfter(headers);
        ErrorCode code;
        boolean retryable;
        switch (status) {
            case 401:
                code = ErrorCode.PROVIDER_AUTH_FAILED;
                retryable = false;
                break;
            case 403:
                if (rateLimitExhausted(headers)) {
                    code = ErrorCode.PROVIDER_RATE_LIMITED;
                    retryable = true;
                } else {
                    code = ErrorCode.PROVIDER_AUTH_FAILED;
                    retryable = false;
                }
                break;
            case 404:
            case 410:
                code = ErrorCode.PROVIDER_NOT_FOUND;
                retryable = false;
                break;
            case 409:
            case 412:
                code = ErrorCode.PROVIDER_CONFLICT;
                retryable = false;
                break;
            case 423:
                code = ErrorCode.PROVIDER_CONFLICT;
                retryable = true;
                break;
            case 429:
                code = ErrorCode.PROVIDER_RATE_LIMITED;
                retryable = true;
                break;
            case 408:
            case 504:
                code = ErrorCode.TIMEOUT;
                retryable = true;
                break;
            default:
                code = status >= 500 ? ErrorCode.PROVIDER_UNAVAILABLE : ErrorCode.PROVIDER_INVALID_REQUEST;
                retryable = status >= 500;
        }
        StringBuilder message = new StringBuilder()
                .append(provider).append(": ").append(operation).append(" answered HTTP ").append(status)
                .append(" (").append(code.code()).append(')');
        if (retryable && retryAfter.isPresent()) {
            message.append("; retry after ").append(retryAfter.get().toSeconds()).append(" s");
        }
        String cleaned = clean(detail);
        if (!cleaned.isEmpty()) {
            message.append(": ").append(cleaned);
        }
        return new DammException(code, message.toString(), retryable, retryable ? retryAfter.orElse(null) : null, null);
    }

    /**
     * Maps a transport failure (no HTTP answer): timeouts become retryable {@code TIMEOUT}, anything
     * else a retryable {@code PROVIDER_UNAVAILABLE}. The message names the exception type only,
     * since I/O messages may carry URLs.
     */
    public static DammException fromIOException(ProviderId provider, String operation, IOException failure) {
        Require.nonNull("provider", provider);
        Require.text("operation", operation, 100);
        Require.nonNull("failure", failure);
        if (failure instanceof InterruptedIOException || failure instanceof HttpTimeoutException) {
            // SocketTimeoutException and OkHttp's call timeout are InterruptedIOExceptions.
            return new DammException(ErrorCode.TIMEOUT, provider + ": " + operation + " timed out ("
                    + failure.getClass().getSimpleName() + ")", true, null, failure);
        }
        return new DammException(ErrorCode.PROVIDER_UNAVAILABLE, provider + ": " + operation + " could not reach the provider ("
                + failure.getClass().getSimpleName() + ")", true, null, failure);
    }

    /** A retryable {@code TIMEOUT} for a call that did not finish within {@code limit}. */
    public static DammException timeout(ProviderId provider, String operation, Duration limit) {
        Require.nonNull("provider", provider);
        Require.text("operation", operation, 100);
        Require.nonNull("limit", limit);
        return new DammException(ErrorCode.TIMEOUT, provider + ": " + operation + " did not finish within " + limit.toMillis() + " ms",
                true, null, null);
    }

    /** The delay the response asks for before a retry, from the headers listed in the class comment. */
    public Optional<Duration> retryAfter(Map<String, List<String>> headers) {
        Require.nonNull("headers", headers);
        Optional<Duration> d = header(headers, "Retry-After").flatMap(this::parseRetryAfter);
        if (d.isPresent()) {
            return d;
        }
        for (String name : RESET_HEADERS) {
            d = header(headers, name).flatMap(this::parseReset);
            if (d.isPresent()) {
                return d;
            }
        }
        return header(headers, "RateLimit").flatMap(v -> {
            Matcher m = STRUCTURED_RESET.matcher(v);
            return m.find() ? seconds(m.group(1)) : Optional.empty();
        });
    }

    private Optional<Duration> parseRetryAfter(String value) {
        if (DIGITS.matcher(value).matches()) {
            return seconds(value);
        }
        return httpDate(value).map(this::until);
    }

    private Optional<Duration> parseReset(String value) {
        Matcher m = DECIMAL.matcher(value);
        if (!m.matches()) {
            return Optional.empty();
        }
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (n >= EPOCH_MILLIS_THRESHOLD) {
            return Optional.of(until(Instant.ofEpochMilli(n)));
        }
        if (n >= EPOCH_SECONDS_THRESHOLD) {
            return Optional.of(until(Instant.ofEpochSecond(n)));
        }
        return Optional.of(clamp(Duration.ofSeconds(n)));
    }

    /** Parses the three HTTP-date forms RFC 9110 section 5.6.7 requires recipients to accept. */
    private Optional<Instant> httpDate(String value) {
        try {
            return Optional.of(ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeException ignored) {
            // not IMF-fixdate; try the obsolete forms
        }
        Matcher m = RFC_850.matcher(value);
        if (m.matches()) {
            try {
                int now = LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC).getYear();
                int yy = Integer.parseInt(m.group(3));
                int year = now - Math.floorMod(now, 100) + yy;
                if (year > now + 50) {
                    year -= 100; // RFC 9110: a two-digit year more than 50 years ahead is in the past
                }
                String month = m.group(2).substring(0, 1).toUpperCase(Locale.ROOT) + m.group(2).substring(1).toLowerCase(Locale.ROOT);
                LocalDateTime t = LocalDateTime.parse(m.group(1) + "-" + month + "-" + year + " "
                        + m.group(4) + ":" + m.group(5) + ":" + m.group(6), RFC_850_NORMALISED);
                return Optional.of(t.toInstant(ZoneOffset.UTC));
            } catch (DateTimeException e) {
                return Optional.empty();
            }
        }
        try {
            return Optional.of(LocalDateTime.parse(value, ASCTIME).toInstant(ZoneOffset.UTC));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    private boolean rateLimitExhausted(Map<String, List<String>> headers) {
        if (header(headers, "Retry-After").isPresent()) {
            return true;
        }
        for (String name : REMAINING_HEADERS) {
            Optional<String> v = header(headers, name);
            if (v.isPresent() && v.get().equals("0")) {
                return true;
            }
        }
        return false;
    }

    private Duration until(Instant when) {
        return clamp(Duration.between(clock.instant(), when));
    }

    private static Optional<Duration> seconds(String digits) {
        try {
            return Optional.of(clamp(Duration.ofSeconds(Long.parseLong(digits))));
        } catch (NumberFormatException | ArithmeticException e) {
            return Optional.empty();
        }
    }

    private static Duration clamp(Duration d) {
        if (d.isNegative()) {
            return Duration.ZERO;
        }
        return d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d;
    }

    /** The first value of header {@code name}, matched case-insensitively, stripped; empty if blank. */
    private static Optional<String> header(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && e.getValue() != null) {
                for (String v : e.getValue()) {
                    if (v != null && !v.isBlank()) {
                        return Optional.of(v.strip());
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static String clean(String detail) {
        if (detail == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < detail.length() && sb.length() < MAX_DETAIL; i++) {
            char c = detail.charAt(i);
            sb.append(Character.isISOControl(c) ? ' ' : c);
        }
        String s = sb.toString().strip();
        return detail.length() > MAX_DETAIL ? s + "..." : s;
    }
}
