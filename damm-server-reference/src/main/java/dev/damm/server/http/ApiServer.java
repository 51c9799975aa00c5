package dev.damm.server.http;

import static net.logstash.logback.argument.StructuredArguments.kv;

import dev.damm.core.admission.AdmissionUpdate;
import dev.damm.core.catalog.CatalogScope;
import dev.damm.core.enroll.EnrollmentRequest;
import dev.damm.core.enroll.EnrollmentResult;
import dev.damm.core.enroll.PeerMaterial;
import dev.damm.core.enroll.Secrets;
import dev.damm.core.gateway.GatewayRegistration;
import dev.damm.core.gateway.GatewayService;
import dev.damm.core.metering.MeteringService;
import dev.damm.core.metering.UsageReport;
import dev.damm.core.json.DammJson;
import dev.damm.core.loop.CatalogPublication;
import dev.damm.core.loop.ControlLoop;
import dev.damm.core.model.AccessTierId;
import dev.damm.core.model.EgressPoolId;
import dev.damm.core.model.Device;
import dev.damm.core.model.FrontDoor;
import dev.damm.core.model.FrontDoorId;
import dev.damm.core.model.Gateway;
import dev.damm.core.model.GatewayId;
import dev.damm.core.model.HeartbeatMetrics;
import dev.damm.core.publish.CatalogPublisher;
import dev.damm.core.score.ClientReport;
import dev.damm.core.score.PathKey;
import dev.damm.server.jobs.JobScheduler;
import dev.damm.server.jobs.ServerJobs;
import dev.damm.server.keys.KeyRing;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.Require;
import dev.damm.spi.net.CountryCode;
import dev.damm.spi.net.Endpoint;
import dev.damm.spi.net.IpNetwork;
import dev.damm.spi.net.RegionCode;
import dev.damm.spi.transport.TransportTier;
import dev.damm.spi.wireguard.WireGuardKey;
import io.javalin.Javalin;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.OptionalLong;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The reference server's HTTP API on Javalin: health and readiness, device enrollment, signed
 * catalogs and roots, gateway registration, heartbeats and admission sets, and anonymous client
 * quality reports, all over one {@link ControlLoop}.
 *
 * <p>Every refusal is an RFC 9457 problem document ({@link Problem}); bad input never reaches a
 * 500. Bodies are read only as {@code application/json} and only up to the configured limit, which
 * is checked before a byte is parsed. Readiness is false until {@link #start()} returns and again
 * from the moment {@link #close()} begins, which then waits for in-flight requests before stopping.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final Logger ACCESS = LoggerFactory.getLogger("dev.damm.server.http.access");
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final String JSON = "application/json";
    /** The OpenAPI 3.1 description of every route, served as it is in the jar. */
    static final byte[] OPENAPI = openApi();
    /** Client reports in one batch, at most. */
    static final int MAX_REPORTS_PER_BATCH = 100;
    /** Peers in one gateway usage report, at most (a larger fleet splits its counters over several reports). */
    static final int MAX_USAGE_PEERS = 1_000;

    private final ServerSettings settings;
    private final ControlLoop loop;
    private final KeyRing keys;
    private final Clock clock;
    private final RateLimits limits;
    private final ServerJobs jobs;
    private final PrometheusMeterRegistry metrics;
    private final Map<String, ServedBytes> catalogs = new ConcurrentHashMap<>();
    /** Request timers by "method route status", registered once each (a registry lookup per request costs more than the recording). */
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final OperatorData operatorData;
    private final AtomicBoolean ready = new AtomicBoolean(false);
    private final AtomicInteger inFlight = new AtomicInteger();
    private Javalin app;
    private JobScheduler scheduler;

    @Inject
    public ApiServer(ServerSettings settings, ControlLoop loop, KeyRing keys, Clock clock, RateLimits limits, ServerJobs jobs) {
        this.settings = settings;
        this.loop = loop;
        this.keys = keys;
        this.clock = clock;
        this.limits = limits;
        this.jobs = jobs;
        this.metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        this.operatorData = new OperatorData(loop, clock, settings.dataDir());
    }

    /** The server's meters (request latency per route, enrollment outcomes, publications, rate-limit refusals). */
    public PrometheusMeterRegistry metrics() {
        return metrics;
    }

    /** Signed bytes computed once and served as they are, with their strong validator. */
    record ServedBytes(byte[] bytes, String etag, Instant freshUntil) {
        static ServedBytes of(byte[] bytes, Instant freshUntil) {
            return new ServedBytes(bytes, "\"" + Secrets.sha256Hex(bytes) + "\"", freshUntil);
        }
    }

    /** The fast path's view of this server: the same cache, ids, metrics and log as the routed catalog answer. */
    private final CatalogFastPath.Server fastPath = new CatalogFastPath.Server() {
        private static final String ROUTE = "/v1/catalogs/{region}/{tier}";

        @Override
        public ServedBytes fresh(String scopeKey) {
            ServedBytes s = catalogs.get(scopeKey);
            return s != null && clock.instant().isBefore(s.freshUntil()) ? s : null;
        }

        @Override
        public long maxAgeSeconds(ServedBytes bytes) {
            return Math.max(0, Duration.between(clock.instant(), bytes.freshUntil()).toSeconds());
        }

        @Override
        public String requestId(String offered) {
            return offered != null && REQUEST_ID.matcher(offered).matches() ? offered : newRequestId();
        }

        @Override
        public void answered(String method, int status, long startNanos, String requestId) {
            long micros = (System.nanoTime() - startNanos) / 1_000;
            if (ACCESS.isInfoEnabled()) {
                MDC.put("requestId", requestId);
                ACCESS.info("{} {} {} {}", kv("method", method), kv("route", ROUTE), kv("status", status), kv("latencyMicros", micros));
                MDC.remove("requestId");
            }
            timers.computeIfAbsent(method + " " + ROUTE + " " + status, k -> Timer.builder("damm.http.requests")
                    .description("HTTP requests by route").publishPercentileHistogram()
                    .tag("method", method).tag("route", ROUTE).tag("status", Integer.toString(status))
                    .register(metrics)).record(micros, java.util.concurrent.TimeUnit.MICROSECONDS);
        }
    };

    /** Starts listening; readiness turns true once the socket is bound. */
    public synchronized ApiServer start() {
        if (app != null) {
            throw new IllegalStateException("already started");
        }
        app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.http.prefer405over404 = true;
            cfg.http.maxRequestSize = settings.maxBodyBytes();
            cfg.router.ignoreTrailingSlashes = false;
            cfg.jetty.modifyServer(s -> {
                // Javalin attaches its servlet context inside the handler it finds on the server.
                s.setHandler(new CatalogFastPath(fastPath, limits));
                s.setStopTimeout(settings.drainFor().toMillis());
                s.setErrorHandler(new ProblemErrorHandler());
            });
            cfg.jetty.modifyServletContextHandler(h -> h.setErrorHandler(new ProblemErrorHandler()));
            cfg.routes.before(this::begin);
            cfg.routes.beforeMatched(limits::check); // once a route matched (so refusals carry its template), before any body is read
            cfg.routes.after(this::end);
            cfg.routes.exception(DammException.class, (e, ctx) -> {
                if (e.errorCode() == ErrorCode.RATE_LIMITED) {
                    Counter.builder("damm.rate.limited").description("Requests refused by a rate limit").tag("route", route(ctx))
                            .register(metrics).increment();
                }
                problem(ctx, e instanceof Refused r ? r.problem : Problem.of(e), e.retryAfter());
            });
            cfg.routes.exception(HttpResponseException.class, (e, ctx) -> problem(ctx, framework(e.getStatus(), ctx), Optional.empty()));
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("request {} {} failed", ctx.method(), ctx.path(), e);
                problem(ctx, Problem.of(500, ErrorCode.INTERNAL, null, "internal error; see the server log for request "
                        + ctx.res().getHeader("X-Request-Id")), Optional.empty());
            });
            cfg.routes.error(404, ctx -> {
                if (ctx.result() == null) {
                    problem(ctx, framework(404, ctx), Optional.empty());
                }
            });
            cfg.routes.error(405, ctx -> {
                if (ctx.result() == null) {
                    problem(ctx, framework(405, ctx), Optional.empty());
                }
            });
            cfg.routes.get("/healthz", ctx -> json(ctx, 200, Map.of("status", "ok")));
            cfg.routes.get("/readyz", ctx -> json(ctx, ready.get() ? 200 : 503, Map.of("ready", ready.get())));
            cfg.routes.get("/metrics", ctx -> ctx.status(200).contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
            cfg.routes.get("/v1/openapi.json", ctx -> ctx.status(200).contentType(JSON).result(OPENAPI));
            cfg.routes.post("/v1/devices", this::enroll);
            cfg.routes.post("/v1/devices/self/key", this::rotateKey);
            cfg.routes.get("/v1/devices/self/config", this::deviceConfig);
            cfg.routes.get("/v1/catalogs/{region}/{tier}", this::catalog);
            cfg.routes.get("/v1/roots/{version}", this::root);
            cfg.routes.post("/v1/gateways/register", this::register);
            cfg.routes.post("/v1/gateways/heartbeat", this::heartbeat);
            cfg.routes.get("/v1/gateways/admission", this::admission);
            cfg.routes.post("/v1/gateways/usage", this::usage);
            cfg.routes.post("/v1/reports", this::reports);
            new AdminApi(loop.plane(), this::body).routes(cfg.routes);
            new OpsApi(loop, keys, operatorData, clock, this::served, this::baseUrl).routes(cfg.routes);
        });
        app.start(settings.bind(), settings.port());
        operatorData.sampleVitalSigns(); // the plots have a first point before the first tick
        scheduler = jobs.start(this::served, operatorData::sampleVitalSigns);
        ready.set(true);
        return this;
    }

    /** The port the server listens on (the chosen one when configured with 0). */
    public int port() {
        return app.port();
    }

    /** {@code http://host:port}, for logs and clients. */
    public String baseUrl() {
        String host = settings.bind().contains(":") ? "[" + settings.bind() + "]" : settings.bind();
        return "http://" + host + ":" + port();
    }

    public boolean ready() {
        return ready.get();
    }

    /** The background jobs and this server's leases on them (null until started). */
    public JobScheduler jobs() {
        return scheduler;
    }

    /** The operator report's data: sample it after each loop tick. */
    public OperatorData operatorData() {
        return operatorData;
    }

    /** The control loop this server answers from. */
    public ControlLoop loop() {
        return loop;
    }

    /**
     * Graceful stop: readiness turns false so load balancers stop sending, requests already in
     * flight finish (up to the drain time), then the socket closes.
     */
    @Override
    public synchronized void close() {
        if (app == null) {
            return;
        }
        ready.set(false);
        if (scheduler != null) {
            scheduler.close();
        }
        long deadline = System.nanoTime() + settings.drainFor().toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        try {
            app.stop();
        } catch (RuntimeException e) {
            // Jetty stops anyway; it reports connections (idle keep-alives) still open after the drain time.
            LOG.warn("server stop: connections were still open after the drain time ({})", e.getClass().getSimpleName());
        }
        app = null;
    }

    /** A catalog the loop signed (on the tick, or outside it after a key rotation): counted and served from now on. */
    private void served(CatalogPublication p) {
        published(p);
        cache(p.published());
    }

    // ---- request lifecycle --------------------------------------------------------------------

    private void begin(Context ctx) {
        inFlight.incrementAndGet();
        ctx.attribute("damm.start", System.nanoTime());
        String id = ctx.header("X-Request-Id");
        if (id == null || !REQUEST_ID.matcher(id).matches()) {
            id = newRequestId();
        }
        ctx.header("X-Request-Id", id);
        MDC.put("requestId", id);
    }

    private void end(Context ctx) {
        inFlight.decrementAndGet();
        Long start = ctx.attribute("damm.start");
        long micros = start == null ? -1 : (System.nanoTime() - start) / 1_000;
        String route = route(ctx);
        if (ACCESS.isInfoEnabled()) {
            ACCESS.info("{} {} {} {}", kv("method", ctx.method().name()), kv("route", route), kv("status", ctx.statusCode()), kv("latencyMicros", micros));
        }
        if (micros >= 0) {
            String method = ctx.method().name();
            int status = ctx.statusCode();
            timers.computeIfAbsent(method + " " + route + " " + status, k -> Timer.builder("damm.http.requests")
                    .description("HTTP requests by route").publishPercentileHistogram()
                    .tag("method", method).tag("route", route).tag("status", Integer.toString(status))
                    .register(metrics)).record(micros, java.util.concurrent.TimeUnit.MICROSECONDS);
        }
        MDC.remove("requestId");
    }

    /**
     * A new request id: a random (version 4 layout) UUID from the thread's own generator. It names a
     * request in logs and answers and guards nothing, so it need not come from the shared secure
     * generator, whose lock every request would otherwise take.
     */
    private static String newRequestId() {
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        long msb = (r.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    /** The matched route template, so that ids in paths never become meter tags or log fields. */
    static String route(Context ctx) {
        try {
            io.javalin.router.Endpoint e = ctx.endpoints().matchedHttpEndpoint();
            return e != null ? e.path : "unmatched";
        } catch (RuntimeException e) {
            return "unmatched";
        }
    }

    private static Problem framework(int status, Context ctx) {
        return switch (status) {
            case 404 -> Problem.of(404, ErrorCode.NOT_FOUND, "path", "path: no such route");
            case 405 -> Problem.of(405, ErrorCode.INVALID_ARGUMENT, "method", "method: " + ctx.method() + " is not allowed here");
            case 413 -> Problem.of(413, ErrorCode.PAYLOAD_TOO_LARGE, "body", "body: too large");
            default -> Problem.of(status >= 400 && status < 500 ? status : 400, ErrorCode.INVALID_ARGUMENT, null, "request: refused");
        };
    }

    private static void problem(Context ctx, Problem p, Optional<Duration> retryAfter) {
        retryAfter.ifPresent(d -> ctx.header("Retry-After", Long.toString(Math.max(1, (d.toMillis() + 999) / 1000))));
        ctx.status(p.status()).contentType(Problem.MEDIA_TYPE).result(DammJson.write(p.body()));
    }

    static void json(Context ctx, int status, Object body) {
        ctx.status(status).contentType(JSON).result(DammJson.write(body));
    }

    /**
     * Reads a JSON body of {@code type}: 415 unless it is {@code application/json}, 413 when it is
     * (or says it is) longer than the limit, before anything is parsed; then the strict reader,
     * whose failures name the offending field.
     */
    <T> T body(Context ctx, Class<T> type) {
        String ct = ctx.header("Content-Type");
        String media = ct == null ? "" : ct.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!media.equals(JSON)) {
            throw new Refused(Problem.of(415, ErrorCode.MALFORMED_INPUT, "Content-Type",
                    "Content-Type: must be application/json, was " + (ct == null ? "missing" : "'" + clip(ct) + "'")));
        }
        long declared = ctx.req().getContentLengthLong();
        if (declared > settings.maxBodyBytes()) {
            discard(ctx, declared);
            throw new DammException(ErrorCode.PAYLOAD_TOO_LARGE, "body: must be at most " + settings.maxBodyBytes() + " bytes, was " + declared);
        }
        try {
            return DammJson.readBounded(ctx.bodyInputStream(), type, settings.maxBodyBytes());
        } catch (DammException e) {
            if (e.errorCode() == ErrorCode.PAYLOAD_TOO_LARGE) {
                discard(ctx, -1);
            }
            throw e;
        } catch (java.io.UncheckedIOException e) {
            throw new DammException(ErrorCode.MALFORMED_INPUT, "body: could not be read (" + e.getCause().getClass().getSimpleName() + ")");
        }
    }

    /** Unparsed bytes of a refused body read and dropped, at most, so the client still reads the 413. */
    static final int DISCARD_LIMIT = 1024 * 1024;

    /**
     * Reads and drops the rest of a refused body (up to {@link #DISCARD_LIMIT}) without parsing it:
     * a client still sending would otherwise see the connection reset instead of the 413.
     */
    private static void discard(Context ctx, long declared) {
        if (declared > DISCARD_LIMIT) {
            return;
        }
        try {
            byte[] sink = new byte[8192];
            long left = DISCARD_LIMIT;
            java.io.InputStream in = ctx.bodyInputStream();
            for (int n; left > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) > 0; ) {
                left -= n;
            }
        } catch (java.io.IOException | RuntimeException e) {
            // The client went away; nothing to answer.
        }
    }

    private static String clip(String s) {
        String t = s.length() > 64 ? s.substring(0, 64) + "..." : s;
        return t.replaceAll("[^\\x20-\\x7e]", "?");
    }

    /** A refusal whose HTTP status is not its error code's usual one (415). */
    static final class Refused extends DammException {
        private static final long serialVersionUID = 1L;
        private final transient Problem problem;

        Refused(Problem problem) {
            super(problem.code(), problem.detail());
            this.problem = problem;
        }
    }

    static String bearer(Context ctx) {
        String h = ctx.header("Authorization");
        if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7) || h.length() <= 7) {
            throw new DammException(ErrorCode.UNAUTHENTICATED, "Authorization: a Bearer token is required");
        }
        String token = h.substring(7).strip();
        if (token.isEmpty() || token.length() > 256) {
            throw new DammException(ErrorCode.UNAUTHENTICATED, "Authorization: the Bearer token is malformed");
        }
        return token;
    }

    // ---- devices ------------------------------------------------------------------------------

    private void enroll(Context ctx) {
        Bodies.Enroll b = body(ctx, Bodies.Enroll.class);
        Require.text("installPass", b.installPass(), 256);
        Require.text("publicKey", b.publicKey(), 256);
        EnrollmentRequest req = new EnrollmentRequest(b.installPass(), b.publicKey(), Optional.ofNullable(b.name()),
                Optional.ofNullable(b.region()).map(RegionCode::of), Optional.ofNullable(b.exitCountry()).map(CountryCode::of),
                Boolean.TRUE.equals(b.quarantine()), limits.clientAddress(ctx));
        EnrollmentResult r;
        try {
            r = loop.plane().enrollment().enroll(req);
        } catch (DammException e) {
            enrollments(e.errorCode().code());
            throw e;
        }
        enrollments("enrolled");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("deviceId", r.device().id().value());
        out.put("credential", r.credential());
        out.put("peer", peer(r.peer()));
        out.put("trustAnchor", Map.of("rootVersion", r.trustAnchor().rootVersion(),
                "signedRoot", Base64.getEncoder().encodeToString(r.trustAnchor().signedRoot())));
        out.put("explanation", r.explanation());
        out.put("substituted", r.substituted());
        ctx.header("Cache-Control", "no-store"); // the credential is shown once
        json(ctx, 201, out);
    }

    /**
     * A device replaces its key with its credential; the answer is its re-issued peer material (the
     * same shape as at enrollment), which it writes into a fresh config with its new private key.
     */
    private void rotateKey(Context ctx) {
        String credential = bearer(ctx);
        Bodies.DeviceKey b = body(ctx, Bodies.DeviceKey.class);
        Require.text("publicKey", b.publicKey(), 256);
        // Whatever would refuse the answer (no gateway, no published door) refuses before the key changes.
        loop.plane().enrollment().reissue(credential);
        Device d = loop.plane().devices().rotateKey(credential, b.publicKey());
        selfConfig(ctx, d, loop.plane().enrollment().reissue(credential));
    }

    /** A device's current peer material (its present assignment), for re-issuing its config. */
    private void deviceConfig(Context ctx) {
        String credential = bearer(ctx);
        PeerMaterial peer = loop.plane().enrollment().reissue(credential);
        selfConfig(ctx, loop.plane().devices().authenticate(credential), peer);
    }

    private static void selfConfig(Context ctx, Device d, PeerMaterial peer) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("deviceId", d.id().value());
        out.put("publicKey", d.publicKey().base64());
        out.put("peer", peer(peer));
        ctx.header("Cache-Control", "no-store");
        json(ctx, 200, out);
    }

    private void enrollments(String outcome) {
        Counter.builder("damm.enrollments").description("Enrollment attempts by outcome (enrolled or the error code)").tag("outcome", outcome)
                .register(metrics).increment();
    }

    private static Map<String, Object> peer(PeerMaterial p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("gatewayPublicKey", p.gatewayPublicKey().base64());
        m.put("frontDoor", door(p.frontDoor()));
        List<Map<String, Object>> alts = new ArrayList<>();
        for (PeerMaterial.Alternate a : p.alternates()) {
            Map<String, Object> am = new LinkedHashMap<>();
            am.put("gatewayPublicKey", a.gatewayPublicKey().base64());
            am.put("frontDoor", door(a.frontDoor()));
            alts.add(am);
        }
        m.put("alternates", alts);
        m.put("tunnelAddresses", p.tunnelAddresses().stream().map(IpNetwork::toString).toList());
        m.put("allowedIps", p.allowedIps().stream().map(IpNetwork::toString).toList());
        m.put("dns", p.dns());
        m.put("persistentKeepalive", p.persistentKeepalive());
        return m;
    }

    private static Map<String, Object> door(FrontDoor d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id().value());
        m.put("gatewayId", d.gatewayId().value());
        m.put("endpoint", d.endpoint().toString());
        m.put("transport", d.transport().name());
        return m;
    }

    // ---- catalogs and roots -------------------------------------------------------------------

    private void catalog(Context ctx) {
        RegionCode region = RegionCode.of(ctx.pathParam("region"));
        String tier = ctx.pathParam("tier");
        if (!AccessTierId.SHAPE.matcher(tier).matches()) {
            throw DammException.invalid("tier", "must be " + AccessTierId.SHAPE_TEXT);
        }
        CatalogScope scope = new CatalogScope(region, tier);
        ServedBytes served = catalogs.get(scope.key());
        if (served == null || !clock.instant().isBefore(served.freshUntil())) {
            if (!loop.scopes().contains(scope)) {
                throw new DammException(ErrorCode.NOT_FOUND, "scope: no catalog is published for " + scope);
            }
            CatalogPublication p = loop.publish(scope);
            published(p);
            served = cache(p.published());
        }
        long maxAge = Math.max(0, Duration.between(clock.instant(), served.freshUntil()).toSeconds());
        serve(ctx, served, "public, max-age=" + maxAge);
    }

    private void published(CatalogPublication p) {
        if (p instanceof CatalogPublication.Issued i) {
            Counter.builder("damm.catalog.publications").description("Catalogs signed, by reason").tag("reason", i.reason().name().toLowerCase(Locale.ROOT))
                    .register(metrics).increment();
        }
    }

    private ServedBytes cache(CatalogPublisher.Published p) {
        ServedBytes s = ServedBytes.of(p.catalog().toJson(), p.catalog().catalog().freshUntil());
        catalogs.put(p.catalog().catalog().scope().key(), s);
        return s;
    }

    private static void serve(Context ctx, ServedBytes s, String cacheControl) {
        ctx.header("ETag", s.etag());
        ctx.header("Cache-Control", cacheControl);
        String inm = ctx.header("If-None-Match");
        if (inm != null && matches(inm, s.etag())) {
            ctx.status(304);
            return;
        }
        ctx.status(200).contentType(JSON).result(s.bytes());
    }

    static boolean matches(String ifNoneMatch, String etag) {
        for (String t : ifNoneMatch.split(",")) {
            String v = t.strip();
            if (v.equals("*") || v.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    private void root(Context ctx) {
        String v = ctx.pathParam("version");
        if (!v.matches("[0-9]{1,18}")) {
            throw DammException.invalid("version", "must be a positive whole number");
        }
        long version = Long.parseLong(v);
        byte[] signed = keys.signedRoot(version).orElseThrow(() -> new DammException(ErrorCode.NOT_FOUND,
                "version: no root v" + version + " (the newest is v" + keys.root().version() + ")"));
        // A root version never changes once signed: cache it for a long time.
        serve(ctx, ServedBytes.of(signed, Instant.MAX), "public, max-age=86400, immutable");
    }

    // ---- gateways -----------------------------------------------------------------------------

    private void register(Context ctx) {
        String token = bearer(ctx);
        Bodies.Register b = body(ctx, Bodies.Register.class);
        Require.text("publicKey", b.publicKey(), 256);
        if (b.frontDoors() == null || b.frontDoors().isEmpty()) {
            throw DammException.invalid("frontDoors", "must list at least one front door");
        }
        if (b.frontDoors().size() > 64) {
            throw DammException.invalid("frontDoors", "at most 64 front doors");
        }
        List<GatewayRegistration.DeclaredFrontDoor> doors = new ArrayList<>();
        for (int i = 0; i < b.frontDoors().size(); i++) {
            Bodies.Door d = b.frontDoors().get(i);
            String f = "frontDoors[" + i + "]";
            if (d == null) {
                throw DammException.invalid(f, "must not be null");
            }
            Require.text(f + ".id", d.id(), 64);
            Require.text(f + ".transport", d.transport(), 32);
            TransportTier tier = transport(f + ".transport", d.transport());
            doors.add(new GatewayRegistration.DeclaredFrontDoor(d.id(), Endpoint.parse(f + ".endpoint", d.endpoint()), tier,
                    d.priority() == null ? 0 : d.priority(), d.parameters() == null ? Map.of() : d.parameters()));
        }
        GatewayService.Registered r = loop.register(token, new GatewayRegistration(WireGuardKey.parse("publicKey", b.publicKey()), doors));
        Map<String, Object> out = gatewayView(r.gateway());
        r.credential().ifPresent(c -> out.put("credential", c)); // shown once: the registration token it replaces is spent
        ctx.header("Cache-Control", "no-store");
        json(ctx, 200, out);
    }

    private static TransportTier transport(String field, String text) {
        for (TransportTier t : TransportTier.values()) {
            if (t.name().equalsIgnoreCase(text) || t.label().equalsIgnoreCase(text)) {
                return t;
            }
        }
        throw DammException.invalid(field, "must be one of T0..T" + (TransportTier.values().length - 1));
    }

    private void heartbeat(Context ctx) {
        String token = bearer(ctx);
        Bodies.Heartbeat b = body(ctx, Bodies.Heartbeat.class);
        if (b.load() == null) {
            throw DammException.invalid("load", "is required");
        }
        HeartbeatMetrics m = new HeartbeatMetrics(b.load(), b.activePeers() == null ? 0 : b.activePeers(),
                b.rxBytes() == null ? 0 : b.rxBytes(), b.txBytes() == null ? 0 : b.txBytes());
        Gateway g = loop.heartbeat(token, m);
        json(ctx, 200, gatewayView(g));
    }

    /**
     * A gateway's per-peer counters, applied exactly once per report id (a resend after a timeout
     * answers {@code duplicate: true} and counts nothing). The whole body is checked before any of
     * it is applied.
     */
    private void usage(Context ctx) {
        Gateway g = loop.plane().gateways().authenticate(bearer(ctx));
        Bodies.Usage b = body(ctx, Bodies.Usage.class);
        Require.text("reportId", b.reportId(), 64);
        if (b.peers() == null) {
            throw DammException.invalid("peers", "is required (an empty list reports nothing)");
        }
        if (b.peers().size() > MAX_USAGE_PEERS) {
            throw DammException.invalid("peers", "at most " + MAX_USAGE_PEERS + " peers per report, was " + b.peers().size());
        }
        List<UsageReport.PeerCounters> peers = new ArrayList<>();
        java.util.Set<WireGuardKey> seen = new java.util.HashSet<>();
        for (int i = 0; i < b.peers().size(); i++) {
            Bodies.PeerUsage p = b.peers().get(i);
            String f = "peers[" + i + "]";
            if (p == null) {
                throw DammException.invalid(f, "must not be null");
            }
            Require.text(f + ".publicKey", p.publicKey(), 256);
            WireGuardKey key = WireGuardKey.parse(f + ".publicKey", p.publicKey());
            if (!seen.add(key)) {
                throw DammException.invalid(f + ".publicKey", "is listed twice in this report");
            }
            peers.add(new UsageReport.PeerCounters(key, counter(f + ".rxBytes", p.rxBytes()), counter(f + ".txBytes", p.txBytes())));
        }
        MeteringService.Outcome o = loop.plane().metering().apply(g, new UsageReport(b.reportId(), peers));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("duplicate", o.duplicate());
        out.put("devicesUpdated", o.devicesUpdated());
        out.put("unknownPeers", o.unknownPeers());
        out.put("countersReset", o.countersReset());
        out.put("suspended", o.suspended());
        json(ctx, 202, out);
    }

    private static long counter(String field, Long value) {
        if (value == null) {
            throw DammException.invalid(field, "is required");
        }
        if (value < 0) {
            throw DammException.invalid(field, "must not be negative, was " + value);
        }
        return value;
    }

    private static Map<String, Object> gatewayView(Gateway g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("gatewayId", g.id().value());
        m.put("status", g.status().name().toLowerCase(Locale.ROOT));
        m.put("region", g.region().value());
        g.lastHeartbeatAt().ifPresent(t -> m.put("lastHeartbeatAt", t.toString()));
        return m;
    }

    /**
     * A gateway names the serial it holds ({@code ?since=N}) and gets what it lacks: 304 when it is
     * up to date, a signed delta from exactly that serial, or the newest full set. New sets are made
     * on the loop's schedule when who is admitted changes, never by a poll, so a steady-state poll
     * reads one serial and costs nothing in proportion to the region's devices.
     */
    private void admission(Context ctx) {
        Gateway g = loop.plane().gateways().authenticate(bearer(ctx));
        OptionalLong held = OptionalLong.empty();
        String since = ctx.queryParam("since");
        if (since != null) {
            if (!since.matches("[0-9]{1,18}")) {
                throw DammException.invalid("since", "must be the serial the gateway holds, a whole number");
            }
            held = OptionalLong.of(Long.parseLong(since));
        }
        AdmissionUpdate update = loop.admissionSince(g.id(), held);
        ctx.header("Cache-Control", "no-store");
        if (update instanceof AdmissionUpdate.UpToDate u) {
            ctx.header("X-Damm-Admission", "up-to-date; serial=" + u.serial());
            ctx.status(304);
        } else if (update instanceof AdmissionUpdate.Delta d) {
            ctx.header("X-Damm-Admission", "delta; base=" + d.delta().baseSerial() + "; serial=" + d.delta().serial());
            ctx.status(200).contentType(JSON).result(d.envelope().toJson());
        } else if (update instanceof AdmissionUpdate.Full f) {
            ctx.header("X-Damm-Admission", "full; serial=" + f.signed().set().serial());
            ctx.status(200).contentType(JSON).result(f.signed().toJson());
        }
    }

    // ---- client reports -----------------------------------------------------------------------

    private void reports(Context ctx) {
        Bodies.Reports b = body(ctx, Bodies.Reports.class);
        if (b.reports() == null || b.reports().isEmpty()) {
            throw DammException.invalid("reports", "must hold at least one report");
        }
        if (b.reports().size() > MAX_REPORTS_PER_BATCH) {
            throw DammException.invalid("reports", "at most " + MAX_REPORTS_PER_BATCH + " reports per batch");
        }
        Instant now = clock.instant();
        // Validate the whole batch before the loop sees any of it.
        List<ClientReport> parsed = new ArrayList<>();
        for (int i = 0; i < b.reports().size(); i++) {
            Bodies.Report r = b.reports().get(i);
            String f = "reports[" + i + "]";
            if (r == null) {
                throw DammException.invalid(f, "must not be null");
            }
            if (r.succeeded() == null) {
                throw DammException.invalid(f + ".succeeded", "is required");
            }
            parsed.add(new ClientReport(pathKey(f + ".pathId", r.pathId()), now, r.succeeded(),
                    r.rttMillis() == null ? OptionalDouble.empty() : OptionalDouble.of(r.rttMillis()),
                    r.throughputMbps() == null ? OptionalDouble.empty() : OptionalDouble.of(r.throughputMbps())));
        }
        // Reports go through the store's queue whichever server they reach; the server running the
        // loop's tick feeds them to its score book, so none is lost to the catalogs and none counts twice.
        List<ClientReport> known = parsed.stream().filter(r -> loop.breakdown(r.path()).isPresent()).toList();
        int unknown = parsed.size() - known.size(); // paths that left the fleet since the client's catalog was signed
        loop.plane().store().inTransaction(tx -> {
            tx.reportQueue().append(known);
            return null;
        });
        json(ctx, 202, Map.of("accepted", known.size(), "unknownPaths", unknown));
    }

    private static PathKey pathKey(String field, String pathId) {
        Require.text(field, pathId, 200);
        String[] parts = pathId.split("/", -1);
        if (parts.length != 3) {
            throw DammException.invalid(field, "must be gateway/frontDoor/egressPool");
        }
        try {
            return new PathKey(GatewayId.of(parts[0]), FrontDoorId.of(parts[1]), EgressPoolId.of(parts[2]));
        } catch (DammException e) {
            throw new DammException(e.errorCode(), field + ": " + e.getMessage());
        }
    }

    private static byte[] openApi() {
        try (java.io.InputStream in = ApiServer.class.getResourceAsStream("openapi.json")) {
            if (in == null) {
                throw new DammException(ErrorCode.CONFIGURATION_ERROR, "openapi: openapi.json is missing from the jar");
            }
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new DammException(ErrorCode.CONFIGURATION_ERROR, "openapi: cannot read openapi.json", e);
        }
    }

}
