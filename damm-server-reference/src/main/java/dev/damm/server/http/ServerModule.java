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

    @Provides
    @Singleton
    KeyRing keys(SecureRandom random) {
        return KeyRing.openOrCreate(settings.dataDir().resolve("keys"), clock, random);
    }

    @Provides
    @Singleton
    ControlLoop loop(DammStore store, KeyRing keys, SecureRandom random) {
        return ControlLoop.builder(ControlPlane.builder(store).random(random).trustAnchor(keys::trustAnchor)).clock(clock)
                .catalogKey(keys.catalogSigner()).admissionKey(keys.admissionKey()).ranker(new Ranker(RankingPolicy.DEFAULT))
                .catalogFreshFor(Duration.ofHours(1)).catalogValidFor(Duration.ofDays(7)).admissionValidFor(Duration.ofHours(24)).build();
    }
}
