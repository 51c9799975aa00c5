package dev.damm.core.catalog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.core.testing.FakeClock;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.net.Endpoint;
import dev.damm.spi.transport.TransportTier;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatalogCodecTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00.123456Z");

    private static Catalog catalog(int entries) {
        return CatalogBuilder.builder()
                .scope(CatalogScope.of("eu-central", "standard"))
                .serial(42)
                .clock(new FakeClock(NOW))
                .freshFor(Duration.ofMinutes(30))
                .validFor(Duration.ofDays(2))
                .addEntries(TestCatalogs.entries(entries))
                .build();
    }

    private static String json(Catalog c) {
        return new String(CatalogCodec.encode(c), StandardCharsets.UTF_8);
    }

    private static DammException decodeFails(String json) {
        DammException e = assertThrows(DammException.class, () -> CatalogCodec.decode(json.getBytes(StandardCharsets.UTF_8)));
        assertEquals(ErrorCode.MALFORMED_INPUT, e.errorCode());
        return e;
    }

    @Test
    void catalogSurvivesAJsonRoundTrip() {
        Catalog c = catalog(5);
        Catalog back = CatalogCodec.decode(CatalogCodec.encode(c));
        assertEquals(c, back);
        assertEquals(TransportTier.T1, back.entries().get(0).frontDoors().get(1).transport());
        assertEquals("92", back.entries().get(0).frontDoors().get(1).params().get("s2").orElseThrow());
        assertEquals(FrontDoorState.DEMOTED, back.entries().get(0).frontDoors().get(3).state());
    }

    @Test
    void theSameInputGivesTheSameBytes() {
        assertArrayEquals(CatalogCodec.encode(catalog(20)), CatalogCodec.encode(catalog(20)));
    }

    @Test
    void fieldsComeInTheDocumentedOrderAndTimesAreWholeSecondIsoStrings() {
        String j = json(catalog(1));
        assertTrue(j.startsWith("{\"serial\":42,\"issuedAt\":\"2026-03-01T12:00:00Z\",\"freshUntil\":\"2026-03-01T12:30:00Z\","
                + "\"validUntil\":\"2026-03-03T12:00:00Z\",\"scope\":{\"region\":\"eu-central\",\"accessTier\":\"standard\"},"
                + "\"entries\":[{\"pathId\":\"path-0\",\"composition\":[{\"role\":\"cdn-front\",\"provider\":\"cloudflare\"}"), j);
        assertTrue(j.contains("\"params\":{\"h1\":\"1106457265\",\"h2\""), "params are sorted by key: " + j);
        assertTrue(j.contains("{\"id\":\"fd-0-t0\",\"endpoint\":\"203.0.0.0:51820\",\"transport\":\"T0\",\"priority\":0,\"state\":\"active\"}"),
                "empty params are omitted: " + j);
    }

    @Test
    void entriesKeepTheOrderTheyWereGivenIn() {
        Catalog c = CatalogBuilder.builder().scope(CatalogScope.of("eu-central", "standard")).serial(1).clock(new FakeClock(NOW))
                .addEntry(TestCatalogs.entry(9)).addEntry(TestCatalogs.entry(3)).build();
        assertEquals("path-9", CatalogCodec.decode(CatalogCodec.encode(c)).entries().get(0).pathId());
    }

    @Test
    void unknownFieldsAreRejected() {
        String j = json(catalog(1)).replace("{\"serial\":42,", "{\"serial\":42,\"note\":\"hi\",");
        assertTrue(decodeFails(j).getMessage().startsWith("catalog:"));
    }

    @Test
    void duplicateKeysAreRejected() {
        decodeFails(json(catalog(1)).replace("{\"serial\":42,", "{\"serial\":42,\"serial\":43,"));
    }

    @Test
    void numericTimesAreRejected() {
        decodeFails(json(catalog(1)).replace("\"issuedAt\":\"2026-03-01T12:00:00Z\"", "\"issuedAt\":1772366400"));
    }

    @Test
    void aMissingTierParameterNamesTheFrontDoor() {
        String j = json(catalog(1)).replace("\"jc\":\"4\",", "");
        assertEquals("entries[0].frontDoors[1].params.jc: is required for this transport tier (transport T1)", decodeFails(j).getMessage());
    }

    @Test
    void transportsAreWrittenAsTierNamesOnly() {
        decodeFails(json(catalog(1)).replace("\"transport\":\"T0\"", "\"transport\":\"wireguard\""));
    }

    @Test
    void scoresOutsideZeroToOneAreRejected() {
        String j = json(catalog(1)).replaceFirst("\"score\":[0-9.]+", "\"score\":1.5");
        assertTrue(decodeFails(j).getMessage().startsWith("entries[0].score:"));
    }

    @Test
    void serialsMustBeWholeNumbers() {
        decodeFails(json(catalog(1)).replace("\"serial\":42", "\"serial\":42.5"));
        decodeFails(json(catalog(1)).replace("\"serial\":42", "\"serial\":\"42\""));
    }

    @Test
    void amneziaHeaderValuesMustDiffer() {
        DammException e = assertThrows(DammException.class, () -> TransportParams.amneziaWg(4, 40, 70, 15, 92, 5, 5, 6, 7));
        assertTrue(e.getMessage().startsWith("params.h2:"), e.getMessage());
    }

    @Test
    void frontedWssNeedsSniAndHost() {
        DammException e = assertThrows(DammException.class, () -> new FrontDoor("fd", new Endpoint("cdn.example.com", 443),
                TransportTier.T4, TransportParams.of(Map.of("path", "/x")), 0, FrontDoorState.ACTIVE));
        assertTrue(e.getMessage().startsWith("frontDoor.params.sni:"), e.getMessage());
    }

    @Test
    void validityShorterThanFreshnessIsRefused() {
        DammException e = assertThrows(DammException.class, () -> CatalogBuilder.builder().scope(CatalogScope.of("eu-central", "standard"))
                .serial(1).freshFor(Duration.ofHours(2)).validFor(Duration.ofHours(1)).build());
        assertTrue(e.getMessage().startsWith("validFor:"), e.getMessage());
    }

    @Test
    void twoPathsWithOneIdAreRefused() {
        DammException e = assertThrows(DammException.class, () -> CatalogBuilder.builder().scope(CatalogScope.of("eu-central", "standard"))
                .serial(1).addEntry(TestCatalogs.entry(1)).addEntry(TestCatalogs.entry(1)).build());
        assertTrue(e.getMessage().startsWith("entries:"), e.getMessage());
    }
}
