package dev.damm.server.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The demo's client side: plain HTTP calls to the server it started, the way an operator's tool,
 * a gateway agent or a device would make them. A problem answer becomes the {@link DammException}
 * it describes, so a refusal prints as one line with its code.
 */
final class DemoHttp {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    DemoHttp(String base) {
        this.base = base;
    }

    /** One answer: status, the headers the demo reads, and the body as it came. */
    record Answer(int status, Map<String, java.util.List<String>> headers, byte[] body) {
        Optional<String> header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).flatMap(e -> e.getValue().stream()).findFirst();
        }

        JsonNode json() {
            try {
                return body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
            } catch (IOException e) {
                throw new DammException(ErrorCode.MALFORMED_INPUT, "response: not JSON (" + e.getClass().getSimpleName() + ")");
            }
        }
    }

    /** Sends one request; {@code bearer} and {@code body} may be null. */
    Answer send(String method, String path, String bearer, Object body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        headers.forEach(b::header);
        try {
            if (body != null) {
                b.header("Content-Type", "application/json");
            }
            b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(r.statusCode(), r.headers().map(), r.body());
        } catch (IOException e) {
            throw new DammException(ErrorCode.CONFIGURATION_ERROR,
                    "server: " + method + " " + path + " failed (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DammException(ErrorCode.TIMEOUT, "server: interrupted during " + method + " " + path);
        }
    }

    /** Sends one request and returns its JSON body when the status is {@code expected}; otherwise the refusal it describes. */
    JsonNode call(int expected, String method, String path, String bearer, Object body) {
        Answer a = send(method, path, bearer, body, Map.of());
        if (a.status() != expected) {
            throw refusal(method, path, a);
        }
        return a.json();
    }

    /** The {@link DammException} a problem answer describes, with its stable code. */
    static DammException refusal(String method, String path, Answer a) {
        JsonNode n;
        try {
            n = a.json();
        } catch (DammException notJson) {
            n = JSON.createObjectNode();
        }
        ErrorCode code;
        try {
            code = ErrorCode.fromCode(n.path("code").asText("internal"));
        } catch (DammException unknown) {
            code = ErrorCode.INTERNAL;
        }
        return new DammException(code, n.path("detail").asText(method + " " + path + ": HTTP " + a.status()));
    }

    static com.fasterxml.jackson.databind.node.ObjectNode object() {
        return JSON.createObjectNode();
    }
}
