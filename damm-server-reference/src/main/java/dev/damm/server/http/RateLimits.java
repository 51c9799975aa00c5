package dev.damm.server.http;

import dev.damm.core.enroll.Secrets;
import dev.damm.core.ratelimit.BucketShape;
import dev.damm.core.ratelimit.RateDecision;
import dev.damm.core.ratelimit.RateLimitBackend;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import io.javalin.http.Context;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The request limits, checked once per request before its body is read: a bucket per client
 * address and a bucket per bearer token for each route family ({@link RateLimitSettings}). A
 * refusal is {@code RATE_LIMITED} (429) with the time after which a retry may succeed.
 *
 * <p>The buckets live in the {@link RateLimitBackend} the server was wired with: in this process
 * on an H2 store, in the database on PostgreSQL, so that every server on that database shares
 * them and a limit holds for the whole deployment. A token is never a bucket key: its SHA-256 is,
 * so neither the database nor a log line learns it.
 */
public final class RateLimits {
    private static final Pattern ADDRESS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private final RateLimitBackend backend;
    private final RateLimitSettings settings;

    @Inject
    public RateLimits(RateLimitBackend backend, ServerSettings settings) {
        this(backend, settings.rateLimits());
    }

    public RateLimits(RateLimitBackend backend, RateLimitSettings settings) {
        this.backend = backend;
        this.settings = settings;
    }

    /** Refuses the request with {@code RATE_LIMITED} when its address or token has used up its family's allowance. */
    void check(Context ctx) {
        Optional<RateLimitSettings.Family> family = RateLimitSettings.Family.of(ctx.path());
        if (family.isPresent()) {
            check(family.get(), clientAddress(ctx.ip(), ctx.header("X-Forwarded-For")), ctx.header("Authorization"));
        }
    }

    /**
     * Takes one request of {@code family} from the buckets of {@code clientAddress} and, when it is
     * given, of the bearer token in {@code authorization}; {@code RATE_LIMITED} when either is empty.
     */
    void check(RateLimitSettings.Family f, String clientAddress, String authorization) {
        Optional<BucketShape> perAddress = settings.perAddress().get(f);
        if (perAddress.isPresent()) {
            refuseIfLimited(backend.tryConsume("http:" + f.key() + ":addr:" + clientAddress, perAddress.get(), 1),
                    f.key() + ": too many requests from this address; retry later");
        }
        Optional<BucketShape> perToken = settings.perToken().get(f);
        if (perToken.isPresent() && authorization != null && !authorization.isBlank()) {
            String digest = Secrets.sha256Hex(authorization.strip().getBytes(StandardCharsets.UTF_8)).substring(0, 32);
            refuseIfLimited(backend.tryConsume("http:" + f.key() + ":token:" + digest, perToken.get(), 1),
                    f.key() + ": too many requests with this token; retry later");
        }
    }

    private static void refuseIfLimited(RateDecision d, String message) {
        if (d instanceof RateDecision.Limited l) {
            throw DammException.retryable(ErrorCode.RATE_LIMITED, message, l.retryAfter());
        }
    }

    /**
     * The client's address: the connection's peer, or with {@code trustForwardedFor} the last
     * address of {@code X-Forwarded-For} (the one the trusted proxy appended; what clients put
     * before it is theirs to forge). A malformed header counts as absent.
     */
    String clientAddress(Context ctx) {
        return clientAddress(ctx.ip(), ctx.header("X-Forwarded-For"));
    }

    /** {@link #clientAddress(Context)} from the connection's peer address and the forwarded-for header. */
    String clientAddress(String peer, String xff) {
        if (settings.trustForwardedFor()) {
            if (xff != null) {
                String[] parts = xff.split(",");
                String last = parts.length == 0 ? "" : parts[parts.length - 1].strip();
                if (ADDRESS.matcher(last).matches()) {
                    return last;
                }
            }
        }
        return peer;
    }
}
