package dev.damm.server.http;

import dev.damm.spi.Require;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How the reference server runs: where state lives, where it listens, its request limits and how
 * often the control loop ticks.
 *
 * @param dataDir the H2 database (unless {@code jdbcUrl}), the key ring and the admin token file
 * @param port the TCP port; 0 picks a free one
 * @param maxBodyBytes requests with a longer body are refused with 413 before anything is parsed
 * @param drainFor how long shutdown waits for in-flight requests after readiness turns false
 * @param rateLimits the request limits per route family, per client address and per token
 * @param jobs the background jobs' intervals and leases
 */
public record ServerSettings(Path dataDir, String bind, int port, Optional<String> jdbcUrl, Optional<String> jdbcUser,
        int maxBodyBytes, Duration tickEvery, Duration drainFor, RateLimitSettings rateLimits, dev.damm.server.jobs.JobSettings jobs) {
    public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;

    public ServerSettings {
        Require.nonNull("dataDir", dataDir);
        Require.text("bind", bind, 255);
        Require.range("port", port, 0, 65535);
        Require.nonNull("jdbcUrl", jdbcUrl);
        Require.nonNull("jdbcUser", jdbcUser);
        Require.range("maxBodyBytes", maxBodyBytes, 1, 16 * 1024 * 1024);
        Require.nonNull("tickEvery", tickEvery);
        Require.nonNull("drainFor", drainFor);
        Require.nonNull("rateLimits", rateLimits);
        Require.nonNull("jobs", jobs);
    }

    /** The default request limits ({@link RateLimitSettings#defaults()}) and jobs ({@link dev.damm.server.jobs.JobSettings#defaults()}). */
    public ServerSettings(Path dataDir, String bind, int port, Optional<String> jdbcUrl, Optional<String> jdbcUser,
            int maxBodyBytes, Duration tickEvery, Duration drainFor) {
        this(dataDir, bind, port, jdbcUrl, jdbcUser, maxBodyBytes, tickEvery, drainFor, RateLimitSettings.defaults(),
                dev.damm.server.jobs.JobSettings.defaults());
    }

    /** Loopback on {@code port}, H2 under {@code dataDir}, the default limits. */
    public static ServerSettings local(Path dataDir, int port) {
        return new ServerSettings(dataDir, "127.0.0.1", port, Optional.empty(), Optional.empty(), DEFAULT_MAX_BODY_BYTES,
                Duration.ofSeconds(10), Duration.ofSeconds(10));
    }
}
