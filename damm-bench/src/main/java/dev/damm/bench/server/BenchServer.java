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
import dev.damm.server.cli.ServerCommand;
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
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine;

/**
 * The reference server in this process, wired as {@code damm server} wires it (its settings read
 * by {@code damm server}'s own option and settings-file parsing, {@link ServerModule}, an admin
 * token, {@link ApiServer}), with one binding replaced: the control loop's plane gets the tunnel
 * address pool and the enrollment and minting limits of the bench settings ({@code bench.*} keys
 * of {@code bench-server.properties}, or of a file given with {@code --server-config}), which the
 * server offers no setting for. Every request of a benchmark comes from 127.0.0.1; the limits that
 * protect a real server from one address would measure refusals instead of work.
 */
public final class BenchServer implements AutoCloseable {
    /** Keys with this prefix are the bench's own; every other key goes to the server's settings file. */
    static final String BENCH = "bench.";
    private static final java.util.regex.Pattern UNKNOWN = java.util.regex.Pattern.compile("unknown setting '([^']+)'");

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
        return p;
    }

    /**
     * Starts the server on a free loopback port with its state in {@code dataDir} and, when
     * {@code jdbcUrl} is given, in that database (user {@code postgres}).
     */
    public static BenchServer start(Path dataDir, Optional<String> jdbcUrl, Path serverConfig) throws IOException {
        Properties p = settings(serverConfig);
        ServerSettings settings = serverSettings(dataDir, jdbcUrl, p);
        Clock clock = Clock.systemUTC();
        Injector injector = Guice.createInjector(Modules.override(new ServerModule(settings, clock)).with(new Limits(clock, p)));
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

    /**
     * The server's settings as {@code damm server --data DIR --port 0 [--jdbc-url URL --jdbc-user postgres]
     * --config FILE} reads them, FILE holding the keys not meant for the bench. A key the server
     * refuses as unknown is dropped and the file read again.
     */
    static ServerSettings serverSettings(Path dataDir, Optional<String> jdbcUrl, Properties all) throws IOException {
        Properties forServer = new Properties();
        for (String k : all.stringPropertyNames()) {
            if (!k.startsWith(BENCH)) {
                forServer.setProperty(k, all.getProperty(k));
            }
        }
        Files.createDirectories(dataDir);
        Path file = dataDir.resolve("bench-server.properties");
        List<String> args = new ArrayList<>(List.of("--data", dataDir.toString(), "--port", "0", "--bind", "127.0.0.1", "--config", file.toString()));
        jdbcUrl.ifPresent(u -> args.addAll(List.of("--jdbc-url", u, "--jdbc-user", "postgres")));
        Set<String> dropped = new TreeSet<>();
        while (true) {
            try (java.io.Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                forServer.store(w, "written by the server benchmark");
            }
            try {
                ServerSettings s = parse(args);
                if (!dropped.isEmpty()) {
                    System.out.println("settings this server does not know (dropped): " + dropped);
                }
                return s;
            } catch (DammException e) {
                java.util.regex.Matcher m = UNKNOWN.matcher(String.valueOf(e.getMessage()));
                if (e.errorCode() != ErrorCode.CONFIGURATION_ERROR || !m.find() || forServer.remove(m.group(1)) == null) {
                    throw e;
                }
                dropped.add(m.group(1));
            }
        }
    }

    /**
     * {@code damm server}'s own reading of its options and settings file. ServerCommand offers it
     * to its own package only, so it is called reflectively: whatever settings the server learns
     * (rate limits, ...) the bench passes through without knowing them.
     */
    private static ServerSettings parse(List<String> args) {
        ServerCommand command = new ServerCommand();
        new CommandLine(command).parseArgs(args.toArray(new String[0]));
        try {
            Method m = ServerCommand.class.getDeclaredMethod("settings");
            m.setAccessible(true);
            return (ServerSettings) m.invoke(command);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("damm server could not read its settings", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("ServerCommand.settings() is gone: the bench needs another way to read the server's settings", e);
        }
    }

    /** ServerModule's control loop, with the address pool and limits of the bench settings. */
    static final class Limits extends AbstractModule {
        private final Clock clock;
        private final Properties p;

        Limits(Clock clock, Properties p) {
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
            AddressPlan plan = new AddressPlan(IpNetwork.parse(addressPool(p)), Optional.empty(), 1, 10,
                    Duration.ofDays(1));
            ControlPlane.Builder plane = ControlPlane.builder(store).random(random).trustAnchor(keys::trustAnchor).addressPlan(plan)
                    .enrollLimits(enrollPerAddress, enrollPerAddress, enrollGlobal).mintLimits(mintPerAddress, mintPerAddress, mintGlobal);
            // The rest as ServerModule builds it.
            return ControlLoop.builder(plane).clock(clock).catalogKey(keys.catalogKey()).admissionKey(keys.admissionKey())
                    .ranker(new Ranker(RankingPolicy.DEFAULT)).catalogFreshFor(Duration.ofHours(1)).catalogValidFor(Duration.ofDays(7))
                    .admissionValidFor(Duration.ofHours(24)).build();
        }

        private long number(String key) {
            String v = p.getProperty(BENCH + key);
            if (v == null || !v.strip().matches("[0-9]{1,12}")) {
                throw new DammException(ErrorCode.CONFIGURATION_ERROR, "bench settings: " + BENCH + key + " must be a whole number");
            }
            return Long.parseLong(v.strip());
        }
    }

    /** The server's v4 tunnel pool under these settings. */
    static String addressPool(Properties p) {
        return p.getProperty(BENCH + "address-pool-v4", "10.0.0.0/8");
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
