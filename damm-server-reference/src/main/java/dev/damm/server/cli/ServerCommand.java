package dev.damm.server.cli;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.damm.core.store.AdminToken;
import dev.damm.core.store.DammStore;
import dev.damm.server.http.AdminTokens;
import dev.damm.server.http.ApiServer;
import dev.damm.server.http.ServerModule;
import dev.damm.server.http.RateLimitSettings;
import dev.damm.server.http.ServerSettings;
import dev.damm.server.jobs.JobSettings;
import dev.damm.server.keys.KeyRing;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code damm server}: runs the reference server's HTTP API until the process is stopped. */
@Command(name = "server", description = "Run the reference server's HTTP API.")
public final class ServerCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServerCommand.class);

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "damm-data",
            description = "Where state lives: the H2 database, keys, the admin token (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--port", defaultValue = "8080", description = "TCP port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--config", paramLabel = "FILE", description = "Settings file (Java properties: data, port, bind, jdbc-url, "
            + "jdbc-user, max-body-bytes, tick-seconds, drain-seconds, log-format, trust-forwarded-for, rate.FAMILY.per-address, "
            + "rate.FAMILY.per-token, job-lease-seconds, admission-seconds, audit-retention-every-seconds, audit-retention-hours, "
            + "pass-expiry-every-seconds, pass-expiry-grace-seconds; see docs/server.md); options given on the command line win.")
    Path config;

    @Option(names = "--log-format", paramLabel = "json|text",
            description = "Log lines as JSON objects (default for the server) or as readable text.")
    String logFormat;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--jdbc-url", paramLabel = "URL",
            description = "Keep state in this database instead of H2 (e.g. jdbc:postgresql://db:5432/damm); password from DAMM_JDBC_PASSWORD.")
    String jdbcUrl;

    @Option(names = "--jdbc-user", paramLabel = "USER", description = "Database user for --jdbc-url.")
    String jdbcUser;

    private final PrintStream out;
    private final CountDownLatch stop;

    public ServerCommand() {
        this(System.out, null);
    }

    /** For tests: prints to {@code out} and stops when {@code stop} counts down instead of on a signal. */
    ServerCommand(PrintStream out, CountDownLatch stop) {
        this.out = out;
        this.stop = stop;
    }

    @Override
    public Integer call() throws Exception {
        logs(properties());
        ServerSettings settings = settings();
        Running running = start(settings, Clock.systemUTC());
        Thread hook = new Thread(running::close, "damm-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println("damm server ready at " + running.server().baseUrl());
        out.flush();
        if (stop != null) {
            stop.await();
            Runtime.getRuntime().removeShutdownHook(hook);
            running.close();
        } else {
            new CountDownLatch(1).await(); // until the shutdown hook runs
        }
        return 0;
    }

    /** The settings: the config file's values, then the options given on the command line over them. */
    ServerSettings settings() {
        java.util.Properties p = properties();
        Path data = given("--data") || !p.containsKey("data") ? dataDir : Path.of(p.getProperty("data"));
        int thePort = given("--port") || !p.containsKey("port") ? port : (int) number(p, "port", 0, 65535);
        String theBind = given("--bind") || !p.containsKey("bind") ? bind : p.getProperty("bind");
        String url = given("--jdbc-url") ? jdbcUrl : p.getProperty("jdbc-url", jdbcUrl);
        String user = given("--jdbc-user") ? jdbcUser : p.getProperty("jdbc-user", jdbcUser);
        int maxBody = p.containsKey("max-body-bytes") ? (int) number(p, "max-body-bytes", 1, 16 * 1024 * 1024) : ServerSettings.DEFAULT_MAX_BODY_BYTES;
        long tick = p.containsKey("tick-seconds") ? number(p, "tick-seconds", 1, 3600) : 10;
        long drain = p.containsKey("drain-seconds") ? number(p, "drain-seconds", 0, 600) : 10;
        return new ServerSettings(data, theBind, thePort, Optional.ofNullable(url), Optional.ofNullable(user), maxBody,
                Duration.ofSeconds(tick), Duration.ofSeconds(drain), rateLimits(p), jobs(p));
    }

    /** The config file's settings (none without --config); CONFIGURATION_ERROR for an unreadable file or an unknown key. */
    private java.util.Properties properties() {
        java.util.Properties p = new java.util.Properties();
        if (config != null) {
            try (java.io.Reader r = Files.newBufferedReader(config, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException | IllegalArgumentException e) {
                throw new DammException(ErrorCode.CONFIGURATION_ERROR, "config: cannot read " + config + " (" + e.getClass().getSimpleName() + ")");
            }
            for (String k : p.stringPropertyNames()) {
                if (!java.util.Set.of("data", "port", "bind", "jdbc-url", "jdbc-user", "max-body-bytes", "tick-seconds", "drain-seconds").contains(k)
                        && !INFRA_KEYS.contains(k) && !k.matches(RATE_KEY)) {
                    throw new DammException(ErrorCode.CONFIGURATION_ERROR, "config: unknown setting '" + k + "' in " + config);
                }
            }
        }
        return p;
    }

    /** Sets the log format before anything is logged; a test that runs the command in-process keeps its own logging unless it asks. */
    private void logs(java.util.Properties p) {
        if (stop == null || logFormat != null) {
            LogFormat.apply(logFormat(p));
        }
    }

    /** Settings of the request limits, the jobs and the logs. */
    private static final java.util.Set<String> INFRA_KEYS = java.util.Set.of("log-format", "trust-forwarded-for", "job-lease-seconds",
            "admission-seconds", "audit-retention-every-seconds", "audit-retention-hours", "pass-expiry-every-seconds", "pass-expiry-grace-seconds");
    private static final String RATE_KEY = "rate\\.(enroll|catalogs|gateways|reports|admin)\\.per-(address|token)";

    private RateLimitSettings rateLimits(java.util.Properties p) {
        RateLimitSettings r = RateLimitSettings.defaults();
        for (RateLimitSettings.Family f : RateLimitSettings.Family.values()) {
            String a = "rate." + f.key() + ".per-address";
            String t = "rate." + f.key() + ".per-token";
            if (p.containsKey(a)) {
                r = r.withPerAddress(f, RateLimitSettings.parseShape(a, p.getProperty(a)));
            }
            if (p.containsKey(t)) {
                r = r.withPerToken(f, RateLimitSettings.parseShape(t, p.getProperty(t)));
            }
        }
        if (p.containsKey("trust-forwarded-for")) {
            String v = p.getProperty("trust-forwarded-for").strip();
            if (!v.equals("true") && !v.equals("false")) {
                throw new DammException(ErrorCode.CONFIGURATION_ERROR, "config: trust-forwarded-for must be true or false");
            }
            r = r.withTrustForwardedFor(Boolean.parseBoolean(v));
        }
        return r;
    }

    private JobSettings jobs(java.util.Properties p) {
        JobSettings d = JobSettings.defaults();
        try {
            return new JobSettings(seconds(p, "job-lease-seconds", 3, 3600, d.lease()), seconds(p, "admission-seconds", 1, 86_400, d.admissionEvery()),
                    seconds(p, "audit-retention-every-seconds", 1, 604_800, d.auditRetentionEvery()),
                    p.containsKey("audit-retention-hours") ? Duration.ofHours(number(p, "audit-retention-hours", 1, 1_000_000)) : d.auditRetention(),
                    seconds(p, "pass-expiry-every-seconds", 1, 604_800, d.passExpiryEvery()),
                    seconds(p, "pass-expiry-grace-seconds", 0, 31_536_000, d.passExpiryGrace()));
        } catch (DammException e) {
            if (e.errorCode() == ErrorCode.CONFIGURATION_ERROR) {
                throw e;
            }
            throw new DammException(ErrorCode.CONFIGURATION_ERROR, "config: " + e.getMessage());
        }
    }

    private Duration seconds(java.util.Properties p, String key, long min, long max, Duration otherwise) {
        return p.containsKey(key) ? Duration.ofSeconds(number(p, key, min, max)) : otherwise;
    }

    /** The log format: --log-format, else the config file's log-format, else JSON. */
    String logFormat(java.util.Properties p) {
        String f = logFormat != null ? logFormat : p.getProperty("log-format", "json").strip();
        if (!f.equals("json") && !f.equals("text")) {
            throw new DammException(ErrorCode.CONFIGURATION_ERROR, "log-format: must be json or text, was '" + (f.length() > 16 ? f.substring(0, 16) : f) + "'");
        }
        return f;
    }

    private boolean given(String option) {
        return spec != null && spec.commandLine().getParseResult() != null && spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    private long number(java.util.Properties p, String key, long min, long max) {
        String v = p.getProperty(key).strip();
        if (!v.matches("[0-9]{1,9}")) {
            throw new DammException(ErrorCode.CONFIGURATION_ERROR, "config: " + key + " must be a whole number, was '" + v + "'");
        }
        long n = Long.parseLong(v);
        if (n < min || n > max) {
            throw new DammException(ErrorCode.CONFIGURATION_ERROR, "config: " + key + " must be between " + min + " and " + max);
        }
        return n;
    }

    /** A started server and the store it owns; closing stops the server gracefully, then closes the store. */
    public record Running(ApiServer server, DammStore store, Path adminTokenFile) implements AutoCloseable {
        @Override
        public void close() {
            try {
                server.close();
            } finally {
                store.close();
            }
        }
    }

    /**
     * Wires and starts a server. On first start (the store holds no admin token) it writes a new
     * admin token (scope {@code admin}) to {@code DIR/admin.token}, owner-only, and logs the file's path, never the token.
     */
    public static Running start(ServerSettings settings, Clock clock) throws IOException {
        Injector injector = Guice.createInjector(new ServerModule(settings, clock));
        DammStore store = injector.getInstance(DammStore.class);
        try {
            KeyRing keys = injector.getInstance(KeyRing.class);
            Path tokenFile = settings.dataDir().resolve("admin.token");
            keys.root(); // the key ring (and root v1) exists before anything is served
            if (store.inTransaction(tx -> tx.adminTokens().count()) == 0) {
                AdminTokens.Issued issued = AdminTokens.issue(store, injector.getInstance(SecureRandom.class), clock,
                        AdminToken.SCOPE_ADMIN, "bootstrap");
                writeSecret(tokenFile, issued.text() + "\n");
                LOG.warn("first start: wrote an admin token to {}", tokenFile.toAbsolutePath());
            }
            ApiServer server = injector.getInstance(ApiServer.class).start();
            return new Running(server, store, tokenFile);
        } catch (RuntimeException | IOException e) {
            store.close();
            throw e;
        }
    }

    /** Writes a file only its owner may read or write: it holds a token. */
    private static void writeSecret(Path p, String content) throws IOException {
        dev.damm.server.keys.SecretFiles.write(p, content);
    }
}
