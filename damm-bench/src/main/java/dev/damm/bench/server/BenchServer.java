package dev.damm.bench.server;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.util.Modules;
import dev.damm.core.ControlPlane;
import dev.damm.core.ipam.AddressPlan;
import dev.damm.core.loop.ControlLoop;
import dev.damm.core.rank.Ranker;
import dev.damm.core.rank.RankingPolicy;
import dev.damm.core.ratelimit.BucketShape;
import dev.damm.core.store.AdminToken;
import dev.damm.core.store.DammStore;
import dev.damm.server.http.AdminTokens;
import dev.damm.server.http.ApiServer;
import dev.damm.server.http.ServerModule;
import dev.damm.server.http.ServerSettings;
import dev.damm.server.keys.KeyRing;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.net.IpNetwork;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The reference server in this process, wired as {@code damm server} wires it ({@link ServerModule},
 * the first-start admin token, {@link ApiServer}), with one binding replaced: the control loop's
 * plane gets the tunnel address pool and the enrollment and minting limits of the bench settings
 * ({@code bench-server.properties}, or a file given with {@code --server-config}). Every request
 * of a benchmark comes from 127.0.0.1; the limits that protect a real server from one address
 * would measure refusals instead of work.
 */
public final class BenchServer implements AutoCloseable {
    /** The settings this launcher reads; any other key is reported and ignored. */
    static final Set<String> KNOWN = Set.of("enroll-per-address-per-minute", "enroll-global-per-minute", "mint-per-address-per-hour",
            "mint-global-per-hour", "address-pool-v4", "tick-seconds", "drain-seconds", "max-body-bytes");

    private final ApiServer server;
    private final DammStore store;
    private final String adminToken;

    private BenchServer(ApiServer server, DammStore store, String adminToken) {
        this.server = server;
        this.store = store;
        this.adminToken = adminToken;
    }

    /** The bench settings: the packaged defaults, then {@code overrides} (a properties file) over them. */
    static Properties settings(Path overrides) throws IOException {
        Properties p = new Properties();
        try (InputStream in = BenchServer.class.getResourceAsStream("bench-server.properties")) {
            if (in == null) {
                throw new IllegalStateException("bench-server.properties is missing from the jar");
            }
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        }
        if (overrides != null) {
            try (Reader r = Files.newBufferedReader(overrides, StandardCharsets.UTF_8)) {
                p.load(r);
            }
        }
        Set<String> unknown = new TreeSet<>(p.stringPropertyNames());
        unknown.removeAll(KNOWN);
        if (!unknown.isEmpty()) {
            System.out.println("server settings not applied by this build (ignored): " + unknown);
        }
        return p;
    }

    /**
     * Starts the server on a free loopback port with its state in {@code dataDir} and, when
     * {@code jdbcUrl} is given, in that database (user {@code postgres}).
     */
    public static BenchServer start(Path dataDir, Optional<String> jdbcUrl, Path serverConfig) throws IOException {
        Properties p = settings(serverConfig);
        ServerSettings settings = new ServerSettings(dataDir, "127.0.0.1", 0, jdbcUrl, jdbcUrl.map(u -> "postgres"),
                Integer.parseInt(p.getProperty("max-body-bytes", "65536")), Duration.ofSeconds(Long.parseLong(p.getProperty("tick-seconds", "10"))),
                Duration.ofSeconds(Long.parseLong(p.getProperty("drain-seconds", "2"))));
        Clock clock = Clock.systemUTC();
        Injector injector = Guice.createInjector(Modules.override(new ServerModule(settings, clock)).with(new Limits(settings, clock, p)));
        DammStore store = injector.getInstance(DammStore.class);
        try {
            injector.getInstance(KeyRing.class).root(); // as damm server: the key ring and root v1 exist before anything is served
            AdminTokens.Issued issued = AdminTokens.issue(store, injector.getInstance(SecureRandom.class), clock, AdminToken.SCOPE_ADMIN, "bench");
            ApiServer server = injector.getInstance(ApiServer.class).start();
            return new BenchServer(server, store, issued.text());
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** ServerModule's control loop, with the address pool and limits of the bench settings. */
    static final class Limits extends AbstractModule {
        private final Clock clock;
        private final Properties p;

        Limits(ServerSettings settings, Clock clock, Properties p) {
            this.clock = clock;
            this.p = p;
        }

        @Provides
        @Singleton
        ControlLoop loop(DammStore store, KeyRing keys, SecureRandom random) {
            BucketShape enrollPerAddress = BucketShape.perMinute(number("enroll-per-address-per-minute"));
            BucketShape enrollGlobal = BucketShape.perMinute(number("enroll-global-per-minute"));
            BucketShape mintPerAddress = BucketShape.perHour(number("mint-per-address-per-hour"));
            BucketShape mintGlobal = BucketShape.perHour(number("mint-global-per-hour"));
            AddressPlan plan = new AddressPlan(IpNetwork.parse(p.getProperty("address-pool-v4", "10.0.0.0/8")), Optional.empty(), 1, 10,
                    Duration.ofDays(1));
            ControlPlane.Builder plane = ControlPlane.builder(store).random(random).trustAnchor(keys::trustAnchor).addressPlan(plan)
                    .enrollLimits(enrollPerAddress, enrollPerAddress, enrollGlobal).mintLimits(mintPerAddress, mintPerAddress, mintGlobal);
            // The rest as ServerModule builds it.
            return ControlLoop.builder(plane).clock(clock).catalogKey(keys.catalogKey()).admissionKey(keys.admissionKey())
                    .ranker(new Ranker(RankingPolicy.DEFAULT)).catalogFreshFor(Duration.ofHours(1)).catalogValidFor(Duration.ofDays(7))
                    .admissionValidFor(Duration.ofHours(24)).build();
        }

        private long number(String key) {
            String v = p.getProperty(key);
            if (v == null || !v.strip().matches("[0-9]{1,12}")) {
                throw new DammException(ErrorCode.CONFIGURATION_ERROR, "bench settings: " + key + " must be a whole number");
            }
            return Long.parseLong(v.strip());
        }
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    public String adminToken() {
        return adminToken;
    }

    public ApiServer server() {
        return server;
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            store.close();
        }
    }
}
