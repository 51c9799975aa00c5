package dev.damm.server.http;

import dev.damm.core.ControlPlane;
import dev.damm.core.enroll.MintedPass;
import dev.damm.core.gateway.GatewayService;
import dev.damm.core.model.AccessTier;
import dev.damm.core.model.AccessTierId;
import dev.damm.core.model.Device;
import dev.damm.core.model.DeviceId;
import dev.damm.core.model.DeviceState;
import dev.damm.core.model.EgressKind;
import dev.damm.core.model.EgressPool;
import dev.damm.core.model.EgressPoolId;
import dev.damm.core.model.Gateway;
import dev.damm.core.model.GatewayId;
import dev.damm.core.model.SubstitutionPolicy;
import dev.damm.core.store.AdminToken;
import dev.damm.core.store.AuditEvent;
import dev.damm.core.store.DammStore;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.Require;
import dev.damm.spi.net.CountryCode;
import dev.damm.spi.net.IpNetwork;
import dev.damm.spi.net.RegionCode;
import dev.damm.spi.provider.ProviderId;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * The admin API under {@code /v1/admin}: tiers, egress pools, install passes, gateway tokens,
 * devices and the audit log. Every call presents an admin token ({@link AdminTokens}); writes need
 * scope {@code admin}, reads {@code operator-read}; every call is audited with the token's id as
 * its actor (writes by the core services, reads here).
 */
final class AdminApi {
    /** Passes one call may mint. */
    static final int MAX_PASSES_PER_CALL = 1_000;
    /** Items one list answer holds at most. */
    static final int MAX_LIST = 1_000;

    private final ControlPlane cp;
    private final DammStore store;
    private final Body body;

    /** Reads a request body as a type, with the server's limits and content type rule. */
    interface Body extends BiFunction<Context, Class<?>, Object> {}

    AdminApi(ControlPlane cp, Body body) {
        this.cp = cp;
        this.store = cp.store();
        this.body = body;
    }

    record TierBody(String name, List<String> regions, List<String> exits, Integer sessions, Long bytes, String substitution, Boolean active) {}

    record EgressBody(String region, String provider, List<String> exits, String kind, List<String> ips, Boolean enabled) {}

    record PassBody(String tier, Long ttlSeconds, Integer count) {}

    record GatewayBody(String id, String name, String region, String provider, Long ttlSeconds) {}

    record TokenBody(Long ttlSeconds) {}

    void routes(RoutesConfig r) {
        r.get("/v1/admin/tiers", ctx -> read(ctx, t -> ApiServer.json(ctx, 200, Map.of("tiers",
                store.inTransaction(tx -> tx.accessTiers().list()).stream().map(AdminApi::tier).toList()))));
        r.put("/v1/admin/tiers/{id}", ctx -> write(ctx, t -> putTier(ctx, t)));
        r.get("/v1/admin/egress", ctx -> read(ctx, t -> ApiServer.json(ctx, 200, Map.of("egressPools",
                store.inTransaction(tx -> tx.egressPools().list()).stream().map(AdminApi::pool).toList()))));
        r.put("/v1/admin/egress/{id}", ctx -> write(ctx, t -> putEgress(ctx, t)));
        r.post("/v1/admin/passes", ctx -> write(ctx, t -> mint(ctx, t)));
        r.post("/v1/admin/gateways", ctx -> write(ctx, t -> gatewayToken(ctx, t)));
        r.get("/v1/admin/gateways", ctx -> read(ctx, t -> ApiServer.json(ctx, 200, Map.of("gateways",
                store.inTransaction(tx -> tx.gateways().list()).stream().limit(MAX_LIST).map(AdminApi::gateway).toList()))));
        r.post("/v1/admin/gateways/{id}/token", ctx -> write(ctx, t -> reissueToken(ctx, t)));
        r.post("/v1/admin/gateways/{id}/drain", ctx -> write(ctx, t -> ApiServer.json(ctx, 200,
                gateway(cp.gateways().drain(GatewayId.of(ctx.pathParam("id")), AdminTokens.actor(t))))));
        r.post("/v1/admin/gateways/{id}/retire", ctx -> write(ctx, t -> ApiServer.json(ctx, 200,
                gateway(cp.gateways().retire(GatewayId.of(ctx.pathParam("id")), AdminTokens.actor(t))))));
        r.get("/v1/admin/devices", ctx -> read(ctx, t -> ApiServer.json(ctx, 200, Map.of("devices", devices().stream().map(AdminApi::device).toList()))));
        r.get("/v1/admin/devices/{id}", ctx -> read(ctx, t -> ApiServer.json(ctx, 200, device(findDevice(ctx)))));
        r.post("/v1/admin/devices/{id}/suspend", ctx -> write(ctx, t -> ApiServer.json(ctx, 200,
                device(cp.devices().suspend(deviceId(ctx), AdminTokens.actor(t))))));
        r.post("/v1/admin/devices/{id}/resume", ctx -> write(ctx, t -> ApiServer.json(ctx, 200,
                device(cp.devices().resume(deviceId(ctx), AdminTokens.actor(t))))));
        r.post("/v1/admin/devices/{id}/revoke", ctx -> write(ctx, t -> ApiServer.json(ctx, 200,
                device(cp.devices().revoke(deviceId(ctx), AdminTokens.actor(t))))));
        r.get("/v1/admin/audit", ctx -> read(ctx, t -> audit(ctx)));
    }

    private interface Call {
        void run(AdminToken token);
    }

    /**
     * A read, audited as {@code admin.read} with the route template as its target (never the path's
     * values or the query, which could hold anything) once it answered: a refused read stores nothing.
     */
    private void read(Context ctx, Call call) {
        AdminToken t = operatorToken(store, ctx);
        AdminTokens.requireScope(t, AdminToken.SCOPE_OPERATOR_READ);
        call.run(t);
        cp.audit(AdminTokens.actor(t), "admin.read", ctx.method().name() + " " + ApiServer.route(ctx));
    }

    private void write(Context ctx, Call call) {
        AdminToken t = operatorToken(store, ctx);
        AdminTokens.requireScope(t, AdminToken.SCOPE_ADMIN);
        call.run(t);
    }

    /** The admin token the call presents; a page link's code or a page session is not one (see {@link PageSessions}). */
    private static AdminToken operatorToken(DammStore store, Context ctx) {
        AdminToken t = AdminTokens.authenticate(store, ApiServer.bearer(ctx));
        if (PageSessions.pageOnly(t)) {
            throw new DammException(ErrorCode.UNAUTHENTICATED, "Authorization: unknown, revoked or malformed admin token");
        }
        return t;
    }

    @SuppressWarnings("unchecked")
    private <T> T read(Context ctx, Class<T> type) {
        return (T) body.apply(ctx, type);
    }

    // ---- tiers and pools ----------------------------------------------------------------------

    private void putTier(Context ctx, AdminToken t) {
        AccessTierId id = AccessTierId.of(ctx.pathParam("id"));
        TierBody b = read(ctx, TierBody.class);
        Set<RegionCode> regions = set("regions", b.regions(), RegionCode::of);
        if (regions.isEmpty()) {
            throw DammException.invalid("regions", "must name at least one region");
        }
        Set<CountryCode> exits = set("exits", b.exits(), CountryCode::of);
        SubstitutionPolicy sub = b.substitution() == null || b.substitution().equals("strict") ? SubstitutionPolicy.STRICT
                : b.substitution().equals("allow") ? SubstitutionPolicy.ALLOW_SUBSTITUTE : null;
        if (sub == null) {
            throw DammException.invalid("substitution", "must be strict or allow");
        }
        AccessTier tier = new AccessTier(id, b.name() == null ? id.value() : b.name(), regions, exits,
                b.sessions() == null ? 10_000 : b.sessions(), b.bytes() == null ? 0 : b.bytes(), b.active() == null || b.active(), sub, List.of());
        ApiServer.json(ctx, 200, tier(cp.putTier(tier, AdminTokens.actor(t))));
    }

    private void putEgress(Context ctx, AdminToken t) {
        EgressPoolId id = EgressPoolId.of(ctx.pathParam("id"));
        EgressBody b = read(ctx, EgressBody.class);
        Require.text("region", b.region(), 64);
        Require.text("provider", b.provider(), 64);
        EgressKind kind = b.kind() == null || b.kind().equals("main") ? EgressKind.MAIN
                : b.kind().equals("quarantined") ? EgressKind.QUARANTINED : null;
        if (kind == null) {
            throw DammException.invalid("kind", "must be main or quarantined");
        }
        Set<CountryCode> exits = set("exits", b.exits(), CountryCode::of);
        List<IpNetwork> ips = new ArrayList<>(set("ips", b.ips(), IpNetwork::parse));
        EgressPool pool = new EgressPool(id, ProviderId.of(b.provider()), RegionCode.of(b.region()), kind, exits, ips, 0.0, 1.0,
                b.enabled() == null || b.enabled());
        ApiServer.json(ctx, 200, pool(cp.putEgressPool(pool, AdminTokens.actor(t))));
    }

    private static <T> Set<T> set(String field, List<String> values, java.util.function.Function<String, T> parse) {
        Set<T> out = new LinkedHashSet<>();
        if (values == null) {
            return out;
        }
        if (values.size() > 256) {
            throw DammException.invalid(field, "at most 256 items");
        }
        for (int i = 0; i < values.size(); i++) {
            String v = values.get(i);
            Require.text(field + "[" + i + "]", v, 64);
            try {
                out.add(parse.apply(v));
            } catch (DammException e) {
                throw new DammException(e.errorCode(), field + "[" + i + "]: " + e.getMessage());
            }
        }
        return out;
    }

    // ---- passes and gateways ------------------------------------------------------------------

    private void mint(Context ctx, AdminToken t) {
        PassBody b = read(ctx, PassBody.class);
        Require.text("tier", b.tier(), 64);
        long ttl = b.ttlSeconds() == null ? 3600 : Require.range("ttlSeconds", b.ttlSeconds(), 60, 30L * 24 * 3600);
        int count = b.count() == null ? 1 : Require.range("count", b.count(), 1, MAX_PASSES_PER_CALL);
        AccessTierId tier = AccessTierId.of(b.tier());
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            MintedPass p = cp.passes().mint(tier, Duration.ofSeconds(ttl), AdminTokens.actor(t), ctx.ip());
            out.add(Map.of("id", p.id(), "secret", p.secret(), "expiresAt", p.expiresAt().toString()));
        }
        ctx.header("Cache-Control", "no-store");
        ApiServer.json(ctx, 201, Map.of("passes", out));
    }

    private void gatewayToken(Context ctx, AdminToken t) {
        GatewayBody b = read(ctx, GatewayBody.class);
        Require.text("id", b.id(), 64);
        Require.text("region", b.region(), 64);
        Require.text("provider", b.provider(), 64);
        Duration ttl = tokenTtl(b.ttlSeconds());
        GatewayService.Provisioned p = cp.gateways().provision(GatewayId.of(b.id()), b.name() == null ? b.id() : b.name(),
                RegionCode.of(b.region()), ProviderId.of(b.provider()), ttl, AdminTokens.actor(t));
        token(ctx, p);
    }

    /**
     * A new one-time registration token for an existing gateway (its credential was lost or its
     * machine replaced): registering with it replaces the gateway's credential and keeps its id.
     */
    private void reissueToken(Context ctx, AdminToken t) {
        GatewayId id = GatewayId.of(ctx.pathParam("id"));
        TokenBody b = read(ctx, TokenBody.class);
        token(ctx, cp.gateways().reissueToken(id, tokenTtl(b.ttlSeconds()), AdminTokens.actor(t)));
    }

    private static Duration tokenTtl(Long ttlSeconds) {
        return ttlSeconds == null ? GatewayService.DEFAULT_TOKEN_TTL
                : Duration.ofSeconds(Require.range("ttlSeconds", ttlSeconds, GatewayService.MIN_TOKEN_TTL.toSeconds(), GatewayService.MAX_TOKEN_TTL.toSeconds()));
    }

    private static void token(Context ctx, GatewayService.Provisioned p) {
        ctx.header("Cache-Control", "no-store");
        ApiServer.json(ctx, 201, Map.of("gatewayId", p.gateway().id().value(), "token", p.token(), "expiresAt", p.expiresAt().toString()));
    }

    // ---- devices and audit --------------------------------------------------------------------

    private List<Device> devices() {
        return store.inTransaction(tx -> {
            TreeMap<String, Device> out = new TreeMap<>();
            for (Gateway g : tx.gateways().list()) {
                for (DeviceState s : DeviceState.values()) {
                    for (Device d : tx.devices().listByGateway(g.id(), s)) {
                        out.put(d.id().value(), d);
                    }
                }
            }
            return out.values().stream().limit(MAX_LIST).toList();
        });
    }

    private static DeviceId deviceId(Context ctx) {
        return DeviceId.of(ctx.pathParam("id"));
    }

    private Device findDevice(Context ctx) {
        DeviceId id = deviceId(ctx);
        return store.inTransaction(tx -> tx.devices().find(id))
                .orElseThrow(() -> new DammException(ErrorCode.NOT_FOUND, "id: no device " + id.value()));
    }

    private void audit(Context ctx) {
        String after = ctx.queryParam("after");
        String limit = ctx.queryParam("limit");
        String sinceText = ctx.queryParam("since");
        java.time.Instant since;
        try {
            since = sinceText == null ? java.time.Instant.MIN : java.time.Instant.parse(sinceText);
        } catch (java.time.format.DateTimeParseException e) {
            throw DammException.invalid("since", "must be an ISO-8601 instant, e.g. 2026-01-01T00:00:00Z");
        }
        long from = after == null ? 0 : number("after", after, 0, Long.MAX_VALUE);
        int n = limit == null ? 100 : (int) number("limit", limit, 1, MAX_LIST);
        List<Map<String, Object>> out = new ArrayList<>();
        for (AuditEvent e : store.inTransaction(tx -> tx.audit().list(from, n))) {
            if (e.at().isBefore(since)) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("sequence", e.sequence());
            m.put("at", e.at().toString());
            m.put("actor", e.actor());
            m.put("action", e.action());
            m.put("target", e.target());
            out.add(m);
        }
        ApiServer.json(ctx, 200, Map.of("events", out));
    }

    private static long number(String field, String text, long min, long max) {
        if (!text.matches("[0-9]{1,18}")) {
            throw DammException.invalid(field, "must be a whole number");
        }
        return Require.range(field, Long.parseLong(text), min, max);
    }

    // ---- views --------------------------------------------------------------------------------

    private static Map<String, Object> tier(AccessTier t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id().value());
        m.put("name", t.name());
        m.put("regions", t.allowedRegions().stream().map(RegionCode::value).sorted().toList());
        m.put("exits", t.allowedExitCountries().stream().map(CountryCode::value).sorted().toList());
        m.put("sessions", t.sessionLimit());
        m.put("bytes", t.byteLimit());
        m.put("substitution", t.substitution() == SubstitutionPolicy.STRICT ? "strict" : "allow");
        m.put("active", t.active());
        return m;
    }

    private static Map<String, Object> pool(EgressPool p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", p.id().value());
        m.put("region", p.region().value());
        m.put("provider", p.providerId().value());
        m.put("kind", p.kind().name().toLowerCase(Locale.ROOT));
        m.put("exits", p.exitCountries().stream().map(CountryCode::value).sorted().toList());
        m.put("ips", p.ipInventory().stream().map(IpNetwork::toString).toList());
        m.put("enabled", p.enabled());
        return m;
    }

    private static Map<String, Object> gateway(Gateway g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", g.id().value());
        m.put("name", g.name());
        m.put("region", g.region().value());
        m.put("provider", g.providerId().value());
        m.put("status", g.status().name().toLowerCase(Locale.ROOT));
        m.put("frontDoors", g.frontDoors().stream().map(d -> d.id().value()).toList());
        g.lastHeartbeatAt().ifPresent(t -> m.put("lastHeartbeatAt", t.toString()));
        return m;
    }

    private static Map<String, Object> device(Device d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id().value());
        m.put("name", d.name());
        m.put("state", d.state().name().toLowerCase(Locale.ROOT));
        m.put("tier", d.tierId().value());
        m.put("region", d.region().value());
        m.put("gatewayId", d.gatewayId().value());
        m.put("tunnelAddresses", d.tunnelAddresses().stream().map(IpNetwork::toString).toList());
        m.put("publicKey", d.publicKey().base64());
        return m;
    }
}
