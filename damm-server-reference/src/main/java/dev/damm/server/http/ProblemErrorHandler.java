package dev.damm.server.http;

import dev.damm.core.json.DammJson;
import dev.damm.spi.ErrorCode;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's answer to requests it refuses before any route sees them (an undecodable or ambiguous
 * path, a request line or headers too large): the same problem document as every other refusal,
 * instead of Jetty's HTML page, and never the exception's trace.
 */
final class ProblemErrorHandler extends ErrorHandler {
    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        Problem p = switch (code) {
            case 404 -> Problem.of(404, ErrorCode.NOT_FOUND, "path", "path: no such route");
            case 405 -> Problem.of(405, ErrorCode.INVALID_ARGUMENT, "method", "method: not allowed here");
            case 413 -> Problem.of(413, ErrorCode.PAYLOAD_TOO_LARGE, "body", "body: too large");
            case 414 -> Problem.of(414, ErrorCode.INVALID_ARGUMENT, "path", "path: too long");
            case 431 -> Problem.of(431, ErrorCode.INVALID_ARGUMENT, "headers", "headers: too large");
            default -> code >= 400 && code < 500
                    ? Problem.of(code, ErrorCode.MALFORMED_INPUT, "request", "request: refused by the HTTP layer (" + code + ")")
                    : Problem.of(code >= 500 && code < 600 ? code : 500, ErrorCode.INTERNAL, null, "internal error");
        };
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
        response.write(true, ByteBuffer.wrap(DammJson.write(p.body())), callback);
    }
}
