package dev.damm.server.http;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * The OpenAPI contract for tests outside this package (the command-line and demo tests): every
 * response they read is checked against the server's {@code /v1/openapi.json}, as here.
 */
public final class OpenApiCheck {
    private static OpenApiContract contract;

    private OpenApiCheck() {}

    /** Asserts {@code r} is what the document says the server answers; returns it for chaining. */
    public static synchronized HttpResponse<String> check(HttpResponse<String> r) throws Exception {
        if (contract == null) {
            contract = new OpenApiContract(new String(ApiServer.OPENAPI, StandardCharsets.UTF_8));
        }
        contract.check(r);
        return r;
    }
}
