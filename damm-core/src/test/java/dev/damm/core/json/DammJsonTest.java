package dev.damm.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.Require;
import dev.damm.spi.net.CountryCode;
import dev.damm.spi.net.Endpoint;
import dev.damm.spi.net.IpNetwork;
import dev.damm.spi.net.RegionCode;
import dev.damm.spi.transport.TransportTier;
import dev.damm.spi.wireguard.WireGuardKey;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class DammJsonTest {
    static final int LIMIT = 1 << 16;

    record FrontDoor(String name, CountryCode exitCountry, RegionCode region, Endpoint endpoint, List<IpNetwork> allowedIps,
                     WireGuardKey publicKey, TransportTier tier, Instant issuedAt, Duration ttl, int priority) {
        FrontDoor {
            Require.text("name", name, 64);
            allowedIps = List.copyOf(Require.elements("allowedIps", allowedIps, 16));
            Require.range("priority", priority, 0, 100);
        }
    }

    record Gateway(String id, FrontDoor frontDoor) {}

    record Counter(int count) {}

    record Profile(String name, String nickname) {}

    record Account(String id, Profile profile) {}

    record Label(String text) {}

    record Stamp(OffsetDateTime at) {}

    enum Shade { LIGHT, DARK }

    record Theme(Shade shade) {}

    static FrontDoor sample() {
        return new FrontDoor("fra-1", CountryCode.of("DE"), RegionCode.of("eu-central"), Endpoint.parse("[2001:db8::1]:51820"),
                List.of(IpNetwork.parse("10.44.0.10/32")), WireGuardKey.parse(DammJsonModuleTest.PUB), TransportTier.T1,
                Instant.parse("2024-06-01T12:00:00Z"), Duration.ofSeconds(30), 7);
    }

    static <T> T read(String json, Class<T> type) {
        return DammJson.readBounded(json.getBytes(StandardCharsets.UTF_8), type, LIMIT);
    }

    static DammException fails(ErrorCode code, String prefix, String json, Class<?> type) {
        DammException e = assertThrows(DammException.class, () -> read(json, type));
        assertEquals(code, e.errorCode(), e.getMessage());
        assertTrue(e.getMessage().startsWith(prefix), () -> "expected '" + prefix + "...' but was '" + e.getMessage() + "'");
        return e;
    }

    @Test
    void writesADocumentWithPlainStringsAndIsoTimesAndReadsItBack() {
        String json = DammJson.writeString(sample());
        assertEquals("{\"name\":\"fra-1\",\"exitCountry\":\"DE\",\"region\":\"eu-central\",\"endpoint\":\"[2001:db8::1]:51820\","
                + "\"allowedIps\":[\"10.44.0.10/32\"],\"publicKey\":\"" + DammJsonModuleTest.PUB + "\",\"tier\":\"T1\","
                + "\"issuedAt\":\"2024-06-01T12:00:00Z\",\"ttl\":\"PT30S\",\"priority\":7}", json);
        assertEquals(sample(), read(json, FrontDoor.class));
    }

    @Test
    void keepsTheOffsetOfATime() {
        Stamp s = read("{\"at\":\"2024-06-01T14:00:00+02:00\"}", Stamp.class);
        assertEquals("+02:00", s.at().getOffset().toString());
        assertEquals("{\"at\":\"2024-06-01T14:00:00+02:00\"}", DammJson.writeString(s));
    }

    @Test
    void rejectsAnUnknownPropertyNamingItAndTheKnownOnes() {
        DammException e = fails(ErrorCode.MALFORMED_INPUT, "profile.nikname: unknown property (known: name, nickname)",
                "{\"id\":\"a\",\"profile\":{\"name\":\"x\",\"nikname\":\"y\"}}", Account.class);
        assertEquals(ErrorCode.MALFORMED_INPUT, e.errorCode());
        fails(ErrorCode.MALFORMED_INPUT, "nikname: unknown property", "{\"nikname\":\"y\"}", Profile.class);
    }

    @Test
    void theLenientReaderIgnoresUnknownPropertiesButNothingElse() {
        byte[] newer = "{\"text\":\"hi\",\"addedInV2\":{\"x\":1}}".getBytes(StandardCharsets.UTF_8);
        assertEquals(new Label("hi"), DammJson.readBoundedLenient(newer, Label.class, LIMIT));
        assertEquals(new Label("hi"), DammJson.readBoundedLenient(new ByteArrayInputStream(newer), Label.class, LIMIT));
        DammException e = assertThrows(DammException.class,
                () -> DammJson.readBoundedLenient("{\"text\":5}".getBytes(StandardCharsets.UTF_8), Label.class, LIMIT));
        assertEquals(ErrorCode.MALFORMED_INPUT, e.errorCode());
        assertFalse(DammJson.lenient().isEnabled(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES));
        assertTrue(DammJson.strict().isEnabled(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES));
    }

    @Test
    void rejectsWrongTypesWithoutCoercion() {
        fails(ErrorCode.MALFORMED_INPUT, "count: ", "{\"count\":\"five\"}", Counter.class);
        fails(ErrorCode.MALFORMED_INPUT, "count: ", "{\"count\":\"5\"}", Counter.class);
        fails(ErrorCode.MALFORMED_INPUT, "count: ", "{\"count\":1.5}", Counter.class);
        fails(ErrorCode.MALFORMED_INPUT, "count: ", "{\"count\":true}", Counter.class);
        fails(ErrorCode.MALFORMED_INPUT, "count: ", "{\"count\":null}", Counter.class);
        fails(ErrorCode.MALFORMED_INPUT, "text: ", "{\"text\":5}", Label.class);
        fails(ErrorCode.MALFORMED_INPUT, "text: ", "{\"text\":true}", Label.class);
        fails(ErrorCode.MALFORMED_INPUT, "shade: ", "{\"shade\":0}", Theme.class);
        fails(ErrorCode.MALFORMED_INPUT, "shade: ", "{\"shade\":\"PURPLE\"}", Theme.class);
        fails(ErrorCode.MALFORMED_INPUT, "frontDoor.issuedAt: ", "{\"frontDoor\":{\"issuedAt\":\"yesterday\"}}", Gateway.class);
        assertEquals(new Theme(Shade.DARK), read("{\"shade\":\"DARK\"}", Theme.class));
        assertEquals(new Counter(5), read("{\"count\":5}", Counter.class));
    }

    @Test
    void aMissingPrimitiveIsAnError() {
        DammException e = fails(ErrorCode.MALFORMED_INPUT, "count: Cannot map `null` into type `int`", "{}", Counter.class);
        assertFalse(e.getMessage().contains("DeserializationFeature"), e.getMessage());
    }

    @Test
    void constructorValidationComesBackAsTheOriginalError() {
        String doc = DammJson.writeString(sample());
        fails(ErrorCode.INVALID_ARGUMENT, "name: must not be blank", doc.replace("\"fra-1\"", "\"  \""), FrontDoor.class);
        fails(ErrorCode.INVALID_ARGUMENT, "priority: must be between 0 and 100, was 101", doc.replace(":7}", ":101}"), FrontDoor.class);
        fails(ErrorCode.INVALID_ARGUMENT, "name: must not be null", "{\"id\":\"g\",\"frontDoor\":{\"priority\":1}}", Gateway.class);
    }

    @Test
    void anInvalidCountryInsideAnObjectNamesTheField() {
        String doc = "{\"id\":\"g\",\"frontDoor\":" + DammJson.writeString(sample()).replace("\"DE\"", "\"XX\"") + "}";
        fails(ErrorCode.INVALID_ARGUMENT, "frontDoor.exitCountry: must be an ISO 3166-1 alpha-2 code, was 'XX'", doc, Gateway.class);
    }

    @Test
    void rejectsOversizedInputBeforeParsingIt() {
        byte[] garbage = "{".repeat(101).getBytes(StandardCharsets.US_ASCII);
        DammException e = assertThrows(DammException.class, () -> DammJson.readBounded(garbage, Label.class, 100));
        assertEquals(ErrorCode.PAYLOAD_TOO_LARGE, e.errorCode());
        assertEquals("json: must be at most 100 bytes, was 101", e.getMessage());
        byte[] fits = "{\"text\":\"hi\"}".getBytes(StandardCharsets.US_ASCII);
        assertEquals(new Label("hi"), DammJson.readBounded(fits, Label.class, fits.length));
    }

    @Test
    void readsAtMostOneByteMoreThanTheLimitFromAStream() {
        int[] served = {0};
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                served[0]++;
                return ' ';
            }
        };
        DammException e = assertThrows(DammException.class, () -> DammJson.readBounded(endless, Label.class, 1000));
        assertEquals(ErrorCode.PAYLOAD_TOO_LARGE, e.errorCode());
        assertEquals(1001, served[0]);
        assertEquals(new Label("hi"), DammJson.readBounded(new ByteArrayInputStream("{\"text\":\"hi\"}".getBytes(StandardCharsets.UTF_8)), Label.class, 100));
    }

    @Test
    void rejectsMalformedDocuments() {
        fails(ErrorCode.MALFORMED_INPUT, "$: ", "", Label.class);
        fails(ErrorCode.MALFORMED_INPUT, "$: must be a Label, was null", "null", Label.class);
        fails(ErrorCode.MALFORMED_INPUT, "text: line 1, column ", "{\"text\": }", Label.class);
        fails(ErrorCode.MALFORMED_INPUT, "$: ", "{\"text\":\"a\"}{}", Label.class);
        fails(ErrorCode.MALFORMED_INPUT, "text: ", "{\"text\":\"a\",\"text\":\"b\"}", Label.class);
        fails(ErrorCode.MALFORMED_INPUT, "$: ", "42", Label.class);
    }

    @Test
    void enforcesStreamLimits() {
        String deep = "[".repeat(DammJson.MAX_NESTING_DEPTH + 1) + "]".repeat(DammJson.MAX_NESTING_DEPTH + 1);
        DammException depth = assertThrows(DammException.class, () -> read(deep, Object.class));
        assertEquals(ErrorCode.MALFORMED_INPUT, depth.errorCode());
        assertTrue(depth.getMessage().contains("nesting depth"), depth.getMessage());
        DammException number = fails(ErrorCode.MALFORMED_INPUT, "$: ", "{\"count\":" + "9".repeat(DammJson.MAX_NUMBER_LENGTH + 1) + "}", Counter.class);
        assertTrue(number.getMessage().contains("Number value length"), number.getMessage());
        DammException name = fails(ErrorCode.MALFORMED_INPUT, "$: ", "{\"" + "n".repeat(DammJson.MAX_NAME_LENGTH + 1) + "\":1}", Counter.class);
        assertTrue(name.getMessage().contains("Name length"), name.getMessage());
        // Legal up to the limit.
        String ok = "[".repeat(DammJson.MAX_NESTING_DEPTH) + "]".repeat(DammJson.MAX_NESTING_DEPTH);
        assertTrue(read(ok, Object.class) instanceof List<?>);
    }

    @Test
    void errorMessagesDoNotEchoInputValues() {
        String secret = DammJsonModuleTest.PRIV;
        DammException quoted = fails(ErrorCode.MALFORMED_INPUT, "count: ", "{\"count\":\"" + secret + "\"}", Counter.class);
        assertFalse(quoted.getMessage().contains(secret.substring(0, 8)), quoted.getMessage());
        DammException bare = fails(ErrorCode.MALFORMED_INPUT, "count: line 1, column 10: Unrecognized token", "{\"count\":" + secret.replace("+", "").replace("=", "") + "}", Counter.class);
        assertFalse(bare.getMessage().contains(secret.substring(0, 8)), bare.getMessage());
    }

    @Test
    void toDammExceptionMapsErrorsFromAMapperHandedOut() {
        ObjectMapper mapper = DammJson.strict();
        JsonProcessingException e = assertThrows(JsonProcessingException.class, () -> mapper.readValue("{\"txt\":\"hi\"}", Label.class));
        DammException mapped = DammJson.toDammException(e);
        assertEquals(ErrorCode.MALFORMED_INPUT, mapped.errorCode());
        assertTrue(mapped.getMessage().startsWith("txt: unknown property"), mapped.getMessage());
        JsonProcessingException wrapped = assertThrows(JsonProcessingException.class, () -> mapper.readValue("{\"exitCountry\":\"XX\"}", DammJsonModuleTest.Placement.class));
        assertEquals(ErrorCode.INVALID_ARGUMENT, DammJson.toDammException(wrapped).errorCode());
    }

    @Test
    void eachCallBuildsAFreshMapperSoReconfiguringOneLeavesOthersAlone() {
        ObjectMapper a = DammJson.strict();
        a.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        assertTrue(DammJson.strict().isEnabled(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES));
        fails(ErrorCode.MALFORMED_INPUT, "txt: unknown property", "{\"txt\":\"hi\"}", Label.class);
    }

    record Issued(Instant at) {}

    @Test
    void signedDocumentsTakeInstantsOnlyAsIsoStringsAndHaveTighterLimits() throws Exception {
        ObjectMapper signed = DammJson.signedDocuments();
        assertEquals(Instant.parse("2026-03-01T12:00:00Z"), signed.readValue("{\"at\":\"2026-03-01T12:00:00Z\"}", Issued.class).at());
        assertEquals(Instant.parse("2026-03-01T12:00:00Z"), DammJson.strict().readValue("{\"at\":1772366400}", Issued.class).at(),
                "the general mapper still reads epoch seconds");
        for (String epoch : List.of("{\"at\":1772366400}", "{\"at\":1772366400.5}", "{\"at\":\"1772366400\"}")) {
            assertThrows(JsonProcessingException.class, () -> signed.readValue(epoch, Issued.class), epoch);
        }
        int depth = DammJson.MAX_SIGNED_NESTING_DEPTH;
        assertTrue(signed.readValue("[".repeat(depth) + "]".repeat(depth), Object.class) instanceof List<?>);
        assertThrows(JsonProcessingException.class, () -> signed.readValue("[".repeat(depth + 1) + "]".repeat(depth + 1), Object.class));
        assertThrows(JsonProcessingException.class,
                () -> signed.readValue("{\"count\":" + "9".repeat(DammJson.MAX_SIGNED_NUMBER_LENGTH + 1) + "}", Counter.class));
        assertTrue(signed.isEnabled(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES));
    }
}
