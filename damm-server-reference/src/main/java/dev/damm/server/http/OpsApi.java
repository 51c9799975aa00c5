package dev.damm.server.http;

import dev.damm.core.catalog.CatalogScope;
import dev.damm.core.loop.CatalogPublication;
import dev.damm.core.loop.ControlLoop;
import dev.damm.core.store.AdminToken;
import dev.damm.core.trust.Ed25519PublicKey;
import dev.damm.core.trust.RootDocument;
import dev.damm.server.keys.KeyRing;
import dev.damm.server.pages.OperatorPages;
import dev.damm.spi.DammException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Operator data and key management over HTTP: the report as JSON, page links and the operator
 * pages they open, catalog and root key rotation, and the public index of published catalogs and
 * root versions (what {@code damm catalog export} copies).
 *
 * <p>Admin calls present an admin token as the admin API does; page links and sessions are
 * {@link PageSessions}. Every accepted call is audited with the token's id; a refused one stores
 * nothing. The pages are HTML with a Content-Security-Policy that allows no script and nothing
 * from elsewhere, never cached, never sniffed.
 */
final class OpsApi {
    /** No script, no resource from elsewhere, no framing, no form posts; only the pages' own inline style. */
    static final String PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; "
            + "form-action 'none'; frame-ancestors 'none'";
    static final String HTML = "text/html; charset=utf-8";
    static final String REPORT_PAGE = "/ops/report";
    static final String PERMEABILITY_PAGE = "/ops/permeability";
    /** A Host header fit to build a link from: a name or an address, and a port. */
    private static final Pattern HOST = Pattern.compile("([A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}])(:[0-9]{1,5})?");
    private static final String SIGN_IN_PAGE = """
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><title>DAMM: sign-in needed</title></head>
            <body>
            <h1>Sign-in needed</h1>
            <p>The operator pages open through a page link. Print one with
            <code>damm admin --server URL --token-file FILE pages</code> (an admin or operator-read token;
            or <code>POST /v1/admin/page-links</code>) and open it within 10 minutes. A link works once.</p>
            </body>
            </html>
            """;

    private final ControlLoop loop;
    private final KeyRing keys;
    private final OperatorData data;
    private final PageSessions sessions;
    private final OperatorPages pages = new OperatorPages(REPORT_PAGE, PERMEABILITY_PAGE);
    private final Consumer<CatalogPublication> served;
    private final Supplier<String> fallbackBase;

    /**
     * @param served told of every catalog signed after a key rotation, so the server serves the new bytes
     * @param fallbackBase the server's own base URL, for links asked for with no usable Host header
     */
    OpsApi(ControlLoop loop, KeyRing keys, OperatorData data, Clock clock, Consumer<CatalogPublication> served, Supplier<String> fallbackBase) {
        this.loop = loop;
        this.keys = keys;
        this.data = data;
        this.sessions = new PageSessions(loop.plane().store(), clock, new SecureRandom());
        this.served = served;
        this.fallbackBase = fallbackBase;
    }

    void routes(RoutesConfig r) {
        r.get("/v1/catalogs", this::index);
        r.get("/v1/admin/report", ctx -> {
            AdminToken t = token(ctx, AdminToken.SCOPE_OPERATOR_READ);
            ctx.header("Cache-Control", "no-store");
            ctx.status(200).contentType("application/json").result(data.report().toJson());
            audit(AdminTokens.actor(t), "admin.read", ctx);
        });
        r.post("/v1/admin/page-links", this::pageLink);
        r.post("/v1/admin/keys/catalog", ctx -> rotate(ctx, true));
        r.post("/v1/admin/keys/root", ctx -> rotate(ctx, false));
        r.get("/ops/login", this::login);
        r.get(REPORT_PAGE, ctx -> page(ctx, true));
        r.get(PERMEABILITY_PAGE, ctx -> page(ctx, false));
    }

    // ---- admin calls --------------------------------------------------------------------------

    /** The admin token the call presents, if it may do what {@code scope} allows; page codes and sessions never may. */
    private AdminToken token(Context ctx, String scope) {
        AdminToken t = AdminTokens.authenticate(loop.plane().store(), ApiServer.bearer(ctx));
        if (PageSessions.pageOnly(t)) {
            throw new DammException(dev.damm.spi.ErrorCode.UNAUTHENTICATED, "Authorization: unknown, revoked or malformed admin token");
        }
        AdminTokens.requireScope(t, scope);
        return t;
    }

    private void audit(String actor, String action, Context ctx) {
        loop.plane().audit(actor, action, ctx.method().name() + " " + ApiServer.route(ctx));
    }

    private void pageLink(Context ctx) {
        AdminToken t = token(ctx, AdminToken.SCOPE_OPERATOR_READ);
        PageSessions.Code code = sessions.code(t);
        loop.plane().audit(AdminTokens.actor(t), "page.link", "POST /v1/admin/page-links");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("url", base(ctx) + "/ops/login?code=" + code.text());
        out.put("expiresAt", code.expiresAt().toString());
        ctx.header("Cache-Control", "no-store"); // the link is a credential until it is used
        ApiServer.json(ctx, 201, out);
    }

    private String base(Context ctx) {
        String host = ctx.header("Host");
        return host != null && HOST.matcher(host).matches() ? ctx.scheme() + "://" + host : fallbackBase.get();
    }

    /**
     * Rotates a key and signs the next root. The swap happens while the loop is not signing, so no
     * catalog is signed half with one key and half named for the other; then every scope's catalog
     * is signed again with the key the new root names.
     */
    private void rotate(Context ctx, boolean catalog) {
        AdminToken t = token(ctx, AdminToken.SCOPE_ADMIN);
        RootDocument root;
        synchronized (loop) {
            root = catalog ? keys.rotateCatalogKey() : keys.rotateRootKeys();
        }
        int resigned = 0;
        if (catalog) {
            for (CatalogPublication p : loop.resignAll()) {
                served.accept(p);
                resigned++;
            }
        }
        loop.plane().audit(AdminTokens.actor(t), catalog ? "keys.rotate_catalog" : "keys.rotate_root", "root:v" + root.version());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rootVersion", root.version());
        out.put("href", "/v1/roots/" + root.version());
        out.put("expires", root.expires().toString());
        out.put("rootKeyIds", ids(root.rootKeys().keys()));
        out.put("rootThreshold", root.rootKeys().threshold());
        out.put("catalogKeyIds", ids(root.catalogKeys().keys()));
        out.put("catalogsResigned", resigned);
        ctx.header("Location", "/v1/roots/" + root.version());
        ApiServer.json(ctx, 201, out);
    }

    private static List<String> ids(List<Ed25519PublicKey> keys) {
        return keys.stream().map(k -> k.keyId().value()).toList();
    }

    /** Every scope the fleet publishes and every root version signed, with where to fetch each. */
    private void index(Context ctx) {
        List<Map<String, Object>> scopes = new ArrayList<>();
        for (CatalogScope s : loop.scopes()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("region", s.region().value());
            m.put("tier", s.accessTier());
            m.put("href", "/v1/catalogs/" + s.region().value() + "/" + s.accessTier());
            scopes.add(m);
        }
        List<Map<String, Object>> roots = new ArrayList<>();
        int n = keys.signedRoots().size();
        for (int v = 1; v <= n; v++) {
            roots.add(Map.of("version", v, "href", "/v1/roots/" + v));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("scopes", scopes);
        out.put("roots", roots);
        out.put("currentRoot", keys.root().version());
        ctx.header("Cache-Control", "no-cache");
        ApiServer.json(ctx, 200, out);
    }

    // ---- pages --------------------------------------------------------------------------------

    private void login(Context ctx) {
        PageSessions.Session s;
        try {
            s = sessions.open(ctx.queryParam("code"));
        } catch (DammException e) {
            html(ctx, 401, SIGN_IN_PAGE);
            return;
        }
        loop.plane().audit("admin-token:" + PageSessions.issuer(s.token()), "page.session", "admin-token:" + s.token().id());
        ctx.cookie(new Cookie(PageSessions.COOKIE, s.text(), "/ops", (int) PageSessions.SESSION_TTL.toSeconds(),
                "https".equals(ctx.scheme()), true, null, SameSite.STRICT));
        ctx.header("Cache-Control", "no-store");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Location", REPORT_PAGE);
        ctx.status(303);
    }

    private void page(Context ctx, boolean report) {
        AdminToken session;
        try {
            session = sessions.session(ctx.cookie(PageSessions.COOKIE));
        } catch (DammException e) {
            html(ctx, 401, SIGN_IN_PAGE);
            return;
        }
        var r = data.report();
        html(ctx, 200, report ? pages.reportPage(r) : pages.permeabilityPage(r));
        audit(AdminTokens.actor(session), "admin.read", ctx);
    }

    static void html(Context ctx, int status, String body) {
        ctx.header("Content-Security-Policy", PAGE_CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Cache-Control", "no-store");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Frame-Options", "DENY");
        ctx.status(status).contentType(HTML).result(body);
    }
}
