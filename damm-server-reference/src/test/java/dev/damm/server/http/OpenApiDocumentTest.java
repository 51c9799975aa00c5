package dev.damm.server.http;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The contract's own reader refuses documents that are not valid OpenAPI, so passing it means something. */
class OpenApiDocumentTest {
    private static final String SERVED = new String(ApiServer.OPENAPI, StandardCharsets.UTF_8);

    @Test
    void theServedDocumentIsAValidOpenApi31Description() throws Exception {
        OpenApiContract contract = new OpenApiContract(SERVED);
        assertTrue(contract.operations().size() >= 10, "operations: " + contract.operations());
    }

    @Test
    void aDanglingReferenceIsRefused() {
        String broken = SERVED.replaceFirst("#/components/responses/Problem", "#/components/responses/NoSuchResponse");
        assertTrue(!broken.equals(SERVED));
        assertThrows(AssertionFailedError.class, () -> new OpenApiContract(broken));
    }

    @Test
    void anOperationWithoutResponsesIsRefused() {
        String broken = SERVED.replaceFirst("\"responses\"\\s*:", "\"responsez\":");
        assertTrue(!broken.equals(SERVED));
        assertThrows(AssertionFailedError.class, () -> new OpenApiContract(broken));
    }
}
