package dev.damm.server.http;

import dev.damm.core.ratelimit.BucketShape;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.Require;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The request limits of each route family: a token bucket per client address and one per bearer
 * token (an empty shape: that family is not limited that way).
 *
 * @param trustForwardedFor take the client address from the last entry of {@code X-Forwarded-For}
 *     (the one the proxy in front of the server appended) instead of the connection's peer; only
 *     behind a proxy that sets it, since anyone else can write that header
 */
public record RateLimitSettings(Map<Family, Optional<BucketShape>> perAddress, Map<Family, Optional<BucketShape>> perToken,
        boolean trustForwardedFor) {
    private static final Pattern SHAPE = Pattern.compile("([0-9]{1,9})/([0-9]{0,6})(s|m|h)");

    /** The route families a limit applies to, by path prefix. */
    public enum Family {
        ENROLL, CATALOGS, GATEWAYS, REPORTS, ADMIN;

        /** The name used in settings ({@code rate.<name>.per-address}) and bucket keys. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The family of a request path; empty for health, metrics and the OpenAPI document. */
        public static Optional<Family> of(String path) {
            if (path.equals("/v1/devices") || path.startsWith("/v1/devices/")) {
                return Optional.of(ENROLL);
            }
            if (path.startsWith("/v1/catalogs/") || path.startsWith("/v1/roots/")) {
                return Optional.of(CATALOGS);
            }
            if (path.startsWith("/v1/gateways/")) {
                return Optional.of(GATEWAYS);
            }
            if (path.equals("/v1/reports")) {
                return Optional.of(REPORTS);
            }
            if (path.startsWith("/v1/admin/") || path.startsWith("/ops/")) {
                return Optional.of(ADMIN);
            }
            return Optional.empty();
        }
    }

    public RateLimitSettings {
        perAddress = complete("perAddress", perAddress);
        perToken = complete("perToken", perToken);
    }

    private static Map<Family, Optional<BucketShape>> complete(String field, Map<Family, Optional<BucketShape>> given) {
        Require.nonNull(field, given);
        EnumMap<Family, Optional<BucketShape>> m = new EnumMap<>(Family.class);
        for (Family f : Family.values()) {
            m.put(f, Require.nonNull(field + "." + f.key(), given.getOrDefault(f, Optional.empty())));
        }
        return Map.copyOf(m);
    }

    /**
     * Generous defaults that stop floods, not users: per address each minute 120 enrollments,
     * 1,200 catalog or gateway calls, 60 report batches and 1,200 admin calls; per token each
     * minute 300 gateway calls, 60 device calls and 600 admin calls.
     */
    public static RateLimitSettings defaults() {
        EnumMap<Family, Optional<BucketShape>> addr = new EnumMap<>(Family.class);
        addr.put(Family.ENROLL, Optional.of(BucketShape.perMinute(120)));
        addr.put(Family.CATALOGS, Optional.of(BucketShape.perMinute(1200)));
        addr.put(Family.GATEWAYS, Optional.of(BucketShape.perMinute(1200)));
        addr.put(Family.REPORTS, Optional.of(BucketShape.perMinute(60)));
        addr.put(Family.ADMIN, Optional.of(BucketShape.perMinute(1200)));
        EnumMap<Family, Optional<BucketShape>> token = new EnumMap<>(Family.class);
        token.put(Family.ENROLL, Optional.of(BucketShape.perMinute(60)));
        token.put(Family.GATEWAYS, Optional.of(BucketShape.perMinute(300)));
        token.put(Family.ADMIN, Optional.of(BucketShape.perMinute(600)));
        return new RateLimitSettings(addr, token, false);
    }

    /** A copy with {@code family}'s per-address shape replaced. */
    public RateLimitSettings withPerAddress(Family family, Optional<BucketShape> shape) {
        EnumMap<Family, Optional<BucketShape>> m = new EnumMap<>(perAddress);
        m.put(family, shape);
        return new RateLimitSettings(m, perToken, trustForwardedFor);
    }

    /** A copy with {@code family}'s per-token shape replaced. */
    public RateLimitSettings withPerToken(Family family, Optional<BucketShape> shape) {
        EnumMap<Family, Optional<BucketShape>> m = new EnumMap<>(perToken);
        m.put(family, shape);
        return new RateLimitSettings(perAddress, m, trustForwardedFor);
    }

    public RateLimitSettings withTrustForwardedFor(boolean trust) {
        return new RateLimitSettings(perAddress, perToken, trust);
    }

    /**
     * Parses a shape setting: {@code N/PERIOD} with the period a number (default 1) and a unit
     * {@code s}, {@code m} or {@code h} (e.g. {@code 30/1m}, {@code 5/h}); {@code off} for no limit.
     */
    public static Optional<BucketShape> parseShape(String key, String text) {
        String v = text.strip();
        if (v.equals("off")) {
            return Optional.empty();
        }
        Matcher m = SHAPE.matcher(v);
        if (!m.matches()) {
            throw new DammException(ErrorCode.CONFIGURATION_ERROR, "config: " + key + " must be N/PERIOD (e.g. 30/1m, 5/h) or off, was '"
                    + (v.length() > 32 ? v.substring(0, 32) + "..." : v) + "'");
        }
        long n = Long.parseLong(m.group(1));
        long amount = m.group(2).isEmpty() ? 1 : Long.parseLong(m.group(2));
        Duration unit = switch (m.group(3)) {
            case "s" -> Duration.ofSeconds(1);
            case "m" -> Duration.ofMinutes(1);
            default -> Duration.ofHours(1);
        };
        try {
            return Optional.of(new BucketShape(n, unit.multipliedBy(amount)));
        } catch (DammException e) {
            throw new DammException(ErrorCode.CONFIGURATION_ERROR, "config: " + key + ": " + e.getMessage());
        }
    }
}
