package dev.damm.server.http;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.damm.core.ControlPlane;
import dev.damm.core.loop.ControlLoop;
import dev.damm.core.rank.Ranker;
import dev.damm.core.rank.RankingPolicy;
import dev.damm.core.store.DammStore;
import dev.damm.server.keys.KeyRing;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.store.jdbc.JdbcStore;
import dev.damm.store.jdbc.JdbcStoreConfig;
import dev.damm.store.jdbc.PostgresRateLimitBackend;
import dev.damm.core.ratelimit.LocalRateLimitBackend;
import dev.damm.core.ratelimit.RateLimitBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;

/**
 * Wires the reference server: the store (H2 under the data directory unless a JDBC URL is given),
 * the key ring, the control loop over both, and the HTTP API. The reference server is the only
 * place DAMM uses dependency injection; the SDK's types are built with their own builders here.
 */
public final class ServerModule extends AbstractModule {
    private final ServerSettings settings;
    private final Clock clock;

    public ServerModule(ServerSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    protected void configure() {
        bind(ServerSettings.class).toInstance(settings);
        bind(Clock.class).toInstance(clock);
        bind(SecureRandom.class).toInstance(new SecureRandom());
        bind(ApiServer.class).in(Singleton.class);
    }

    @Provides
    @Singleton
    DammStore store() {
        try {
            Files.createDirectories(settings.dataDir());
        } catch (IOException e) {
            throw new DammException(ErrorCode.CONFIGURATION_ERROR, "dataDir: cannot create " + settings.dataDir() + " (" + e.getMessage() + ")", e);
        }
        if (settings.jdbcUrl().isEmpty()) {
            return JdbcStore.h2File(settings.dataDir().toAbsolutePath());
        }
        JdbcStoreConfig.Builder b = JdbcStoreConfig.builder(settings.jdbcUrl().get());
        settings.jdbcUser().ifPresent(b::user);
        String pw = System.getenv("DAMM_JDBC_PASSWORD");
        if (pw != null) {
            b.password(pw.toCharArray());
        }
        return JdbcStore.open(b.build());
    }

    /**
     * Rate-limit buckets: in the database when the store is PostgreSQL, so every server on it shares
     * one limit; in this process on H2, whose file serves one process only.
     */
    @Provides
    @Singleton
    RateLimitBackend rateLimits(DammStore store) {
        if (store instanceof JdbcStore jdbc && settings.jdbcUrl().filter(u -> u.startsWith("jdbc:postgresql:")).isPresent()) {
            return PostgresRateLimitBackend.create(jdbc, clock);
        }
        return new LocalRateLimitBackend(clock, 100_000);
    }

    @Provides
    @Singleton
    KeyRing keys(SecureRandom random) {
        return KeyRing.openOrCreate(settings.dataDir().resolve("keys"), clock, random);
    }

    @Provides
    @Singleton
    ControlLoop loop(DammStore store, KeyRing keys, SecureRandom random, RateLimitBackend rateLimits) {
        // The plane's own mint and enrollment limits draw from the same buckets as the HTTP limits: shared on PostgreSQL.
        return ControlLoop.builder(ControlPlane.builder(store).random(random).trustAnchor(keys::trustAnchor).rateLimitBackend(rateLimits)).clock(clock)
                .catalogKey(keys.catalogSigner()).admissionKey(keys.admissionKey()).ranker(new Ranker(RankingPolicy.DEFAULT))
                .catalogFreshFor(Duration.ofHours(1)).catalogValidFor(Duration.ofDays(7)).admissionValidFor(Duration.ofHours(24)).build();
    }
}
