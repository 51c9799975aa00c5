package dev.damm.server.http;

import dev.damm.spi.DammException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The hottest read, answered before the servlet layer: {@code GET /v1/catalogs/{region}/{tier}} of
 * a scope whose signed bytes are cached and still fresh is written straight from those bytes by
 * Jetty, with the same headers the routed answer carries (strong ETag, {@code If-None-Match} →
 * 304, {@code Cache-Control} from the catalog's freshness, a request id) and through the same
 * rate limits. Everything else (another method or path, a scope not cached or gone stale, extra
 * path segments, a refused rate limit) goes on to the routed server, which publishes, refuses
 * with a problem document and logs as it does for every route; a request refused here by a limit
 * is refused there too, as its bucket is empty.
 */
final class CatalogFastPath extends Handler.Wrapper {
    private static final String PREFIX = "/v1/catalogs/";

    /** What the fast path needs from the server. */
    interface Server {
        /** The cached bytes of {@code scopeKey} ("region/tier") while fresh, else null. */
        ApiServer.ServedBytes fresh(String scopeKey);

        /** Seconds of freshness left for {@code bytes}. */
        long maxAgeSeconds(ApiServer.ServedBytes bytes);

        /** A request id: the client's when it is well formed, else a new one. */
        String requestId(String offered);

        /** Records the answer in the request metrics and access log. */
        void answered(String method, int status, long startNanos, String requestId);
    }

    private final Server server;
    private final RateLimits limits;

    CatalogFastPath(Server server, RateLimits limits) {
        this.server = server;
        this.limits = limits;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        long start = System.nanoTime();
        if (!"GET".equals(request.getMethod())) {
            return super.handle(request, response, callback);
        }
        String path = request.getHttpURI().getPath();
        if (path == null || !path.startsWith(PREFIX) || request.getHttpURI().hasViolations()) {
            return super.handle(request, response, callback);
        }
        String key = path.substring(PREFIX.length());
        int slash = key.indexOf('/');
        if (slash <= 0 || slash == key.length() - 1 || key.indexOf('/', slash + 1) >= 0 || key.indexOf('%') >= 0) {
            return super.handle(request, response, callback);
        }
        ApiServer.ServedBytes served = server.fresh(key);
        if (served == null) {
            return super.handle(request, response, callback);
        }
        String peer = Request.getRemoteAddr(request);
        try {
            limits.check(RateLimitSettings.Family.CATALOGS,
                    limits.clientAddress(peer, request.getHeaders().get("X-Forwarded-For")),
                    request.getHeaders().get(HttpHeader.AUTHORIZATION));
        } catch (DammException refused) {
            return super.handle(request, response, callback);
        }
        String requestId = server.requestId(request.getHeaders().get("X-Request-Id"));
        var headers = response.getHeaders();
        headers.put("X-Request-Id", requestId);
        headers.put(HttpHeader.ETAG, served.etag());
        headers.put(HttpHeader.CACHE_CONTROL, "public, max-age=" + server.maxAgeSeconds(served));
        String inm = request.getHeaders().get(HttpHeader.IF_NONE_MATCH);
        if (inm != null && ApiServer.matches(inm, served.etag())) {
            response.setStatus(HttpStatus.NOT_MODIFIED_304);
            callback.succeeded();
            server.answered("GET", 304, start, requestId);
            return true;
        }
        response.setStatus(HttpStatus.OK_200);
        headers.put(HttpHeader.CONTENT_TYPE, "application/json");
        headers.put(HttpHeader.CONTENT_LENGTH, served.bytes().length);
        response.write(true, ByteBuffer.wrap(served.bytes()), callback);
        server.answered("GET", 200, start, requestId);
        return true;
    }
}
