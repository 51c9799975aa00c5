package dev.damm.core.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keeps docs/catalog.schema.json and the codec in agreement. */
class CatalogSchemaTest {
    private static Schema schema;
    private final CatalogTestRig rig = new CatalogTestRig();

    @BeforeAll
    static void loadSchema() throws IOException {
        Path file = Path.of("..", "docs", "catalog.schema.json");
        if (!Files.exists(file)) {
            file = Path.of("docs", "catalog.schema.json");
        }
        schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(Files.readString(file), InputFormat.JSON);
    }

    private String payload() {
        return new String(CatalogCodec.encode(rig.catalog(12).build()), StandardCharsets.UTF_8);
    }

    private static List<Error> validate(String json) {
        return schema.validate(json, InputFormat.JSON);
    }

    @Test
    void aBuiltCatalogPayloadMatchesThePublishedSchema() {
        List<Error> errors = validate(payload());
        assertTrue(errors.isEmpty(), errors.toString());
    }

    @Test
    void anEmptyCatalogMatchesTheSchema() {
        String json = new String(CatalogCodec.encode(CatalogBuilder.builder().scope(CatalogTestRig.SCOPE).serial(0).build()),
                StandardCharsets.UTF_8);
        assertEquals(List.of(), validate(json));
    }

    @Test
    void theSchemaRejectsUnknownFieldsAsTheCodecDoes() {
        assertFalse(validate(payload().replace("{\"serial\":12,", "{\"serial\":12,\"extra\":true,")).isEmpty());
    }

    @Test
    void theSchemaRequiresAmneziaParametersOnT1() {
        assertFalse(validate(payload().replace("\"jc\":4,", "")).isEmpty());
    }

    @Test
    void theSchemaRequiresPathAndHostOnT4() {
        String json = payload();
        String withoutHost = json.replaceAll("\"host\":\"gw[0-9]+\\.example\\.net\",", "");
        assertTrue(withoutHost.length() < json.length(), "the payload has T4 front doors to strip");
        assertFalse(validate(withoutHost).isEmpty());
        assertFalse(validate(json.replace(",\"path\":\"/t/1\"", "")).isEmpty());
    }

    @Test
    void theSchemaRejectsEpochNumbersForTimes() {
        assertFalse(validate(payload().replaceFirst("\"issuedAt\":\"[^\"]+\"", "\"issuedAt\":1772366400")).isEmpty());
    }
}
