package dev.damm.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Checks HTTP responses against the server's OpenAPI 3.1 document. The document is read by
 * swagger-parser, which must find it a valid OpenAPI 3.1 description with every reference
 * resolving; its model decides whether the route and method are described (or the answer must be
 * the documented 404/405 problem), whether the status is listed (or falls to {@code default}) and
 * which content types the response may have. The body then validates against the response's JSON
 * Schema (2020-12, as OpenAPI 3.1 uses) with the document's components in scope.
 */
final class OpenApiContract {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final JsonNode doc;
    private final OpenAPI model;
    private final Map<Pattern, String> templates = new java.util.LinkedHashMap<>();
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    /** How many responses were checked, so a suite can show it checked something. */
    final AtomicInteger checked = new AtomicInteger();

    OpenApiContract(String document) throws Exception {
        this.doc = JSON.readTree(document);
        assertEquals("3.1.0", doc.path("openapi").asText());
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(document, null, options);
        assertEquals(List.of(), parsed.getMessages() == null ? List.of() : parsed.getMessages(),
                "swagger-parser finds the document is not a valid OpenAPI 3.1 description");
        this.model = parsed.getOpenAPI();
        assertTrue(model != null && model.getPaths() != null && !model.getPaths().isEmpty(), "the document describes no paths");
        for (String t : model.getPaths().keySet()) {
            templates.put(Pattern.compile(Pattern.quote(t).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q")), t);
        }
    }

    /** The operation the parsed document describes for {@code method} on {@code template}, if any. */
    private Operation operation(String template, String method) {
        PathItem item = model.getPaths().get(template);
        if (item == null) {
            return null;
        }
        return item.readOperationsMap().entrySet().stream().filter(e -> e.getKey().name().equalsIgnoreCase(method))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    /** Asserts {@code r} is what the document says the server answers. */
    void check(HttpResponse<String> r) throws Exception {
        String method = r.request().method().toLowerCase(Locale.ROOT);
        String path = r.uri().getRawPath();
        String template = templates.entrySet().stream().filter(e -> e.getKey().matcher(path).matches()).map(Map.Entry::getValue)
                .findFirst().orElse(null);
        JsonNode responses;
        String key;
        Operation op = template == null ? null : operation(template, method);
        if (op == null) {
            int expected = template == null ? 404 : 405;
            assertEquals(expected, r.statusCode(), method + " " + path + " is not described, so it must be a " + expected + ": " + r.body());
            responses = JSON.createObjectNode().set("default", JSON.createObjectNode().put("$ref", "#/components/responses/Problem"));
            key = "undescribed";
        } else {
            responses = doc.path("paths").path(template).path(method).path("responses");
            key = method + " " + template;
            String described = Integer.toString(r.statusCode());
            ApiResponse modelled = op.getResponses().containsKey(described) ? op.getResponses().get(described) : op.getResponses().getDefault();
            assertTrue(modelled != null, key + ": swagger-parser finds no response for status " + described);
        }
        String status = Integer.toString(r.statusCode());
        JsonNode response = responses.has(status) ? responses.get(status) : responses.get("default");
        if (response == null) {
            fail(key + ": status " + status + " is not described");
        }
        if (response.has("$ref")) {
            response = pointer(response.get("$ref").asText());
        }
        JsonNode content = response.path("content");
        if (content.isMissingNode() || content.isEmpty()) {
            assertTrue(r.body().isEmpty(), key + " " + status + ": no body is described, got " + r.body());
        } else {
            String type = r.headers().firstValue("Content-Type").orElse("").split(";", 2)[0].strip();
            assertTrue(content.has(type), key + " " + status + ": content type '" + type + "' is not described (" + content.fieldNames().next() + ")");
            Schema schema = schemas.computeIfAbsent(key + " " + status + " " + type, k -> schema(content.get(type).path("schema")));
            String body = type.equals("application/json") || type.endsWith("+json") ? r.body() : JSON.writeValueAsString(r.body());
            List<Error> errors = schema.validate(body, InputFormat.JSON);
            assertEquals(List.of(), errors, key + " " + status + ": the body does not match the document: " + r.body());
        }
        checked.incrementAndGet();
    }

    private Schema schema(JsonNode s) {
        ObjectNode wrapped = s.deepCopy();
        wrapped.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        wrapped.set("components", doc.path("components"));
        return registry.getSchema(wrapped.toString(), InputFormat.JSON);
    }

    private JsonNode pointer(String ref) {
        assertTrue(ref.startsWith("#/"), ref);
        return doc.at(ref.substring(1));
    }

    /** Every operation the document describes, as {@code method template}. */
    List<String> operations() {
        List<String> out = new ArrayList<>();
        model.getPaths().forEach((t, item) -> item.readOperationsMap().keySet()
                .forEach(m -> out.add(m.name().toLowerCase(Locale.ROOT) + " " + t)));
        return out;
    }
}
