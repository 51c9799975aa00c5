package dev.damm.core.catalog;

import dev.damm.core.model.FrontDoorState;
import dev.damm.spi.provider.ProviderId;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.core.testing.FakeClock;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.net.CountryCode;
import dev.damm.spi.net.Endpoint;
import dev.damm.spi.transport.TransportTier;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
                + "\"entries\":[{\"id\":\"path-0\",\"score\":1.0,\"exit\":\"DE\",\"key\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAEA=\","
                + "\"via\":{\"cdn-front\":\"cloudflare\",\"ingress\":\"hetzner\",\"egress\":\"hetzner\"},\"doors\":["), j);
        assertTrue(j.contains("\"params\":{\"h1\":1106457265,\"h2\""), "params are sorted by key, decimals are numbers: " + j);
        assertTrue(j.contains("{\"id\":\"fd-0-t0\",\"tier\":\"T0\",\"at\":\"203.0.0.0:51820\"}"),
                "priority 0, the active state and empty params are omitted: " + j);
        assertTrue(j.contains("{\"id\":\"fd-0-t4\",\"tier\":\"T4\",\"at\":\"cdn.example.com:443\",\"prio\":30,\"state\":\"demoted\","
                + "\"params\":{\"host\":\"gw0.example.net\",\"path\":\"/t/0\"}}"), "a T4 sni equal to the dialled host is left out: " + j);
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
        String j = json(catalog(1)).replace("\"jc\":4,", "");
        assertEquals("entries[0].doors[1].params.jc: is required for this transport tier (transport T1)", decodeFails(j).getMessage());
    }

    @Test
    void transportsAreWrittenAsTierNamesOnly() {
        assertEquals("entries[0].doors[0].tier: must be one of T0..T4, was 'wireguard'",
                decodeFails(json(catalog(1)).replace("\"tier\":\"T0\"", "\"tier\":\"wireguard\"")).getMessage());
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
    void decimalParametersReadBackFromNumbersOrText() {
        String j = json(catalog(1));
        Catalog fromText = CatalogCodec.decode(j.replace("\"jc\":4,", "\"jc\":\"4\",").getBytes(StandardCharsets.UTF_8));
        assertEquals(catalog(1), fromText);
    }

    @Test
    void parameterValuesMustBeTextOrWholeNumbers() {
        String j = json(catalog(1));
        assertEquals("entries[0].doors[1].params.jc: must be a string or a whole number of at most 10 digits",
                decodeFails(j.replace("\"jc\":4,", "\"jc\":4.5,")).getMessage());
        assertTrue(decodeFails(j.replace("\"jc\":4,", "\"jc\":-4,")).getMessage().startsWith("entries[0].doors[1].params.jc:"));
        assertTrue(decodeFails(j.replace("\"jc\":4,", "\"jc\":true,")).getMessage().startsWith("entries[0].doors[1].params.jc:"));
        assertTrue(decodeFails(j.replace("\"jc\":4,", "\"jc\":12345678901,")).getMessage().startsWith("entries[0].doors[1].params.jc:"));
    }

    @Test
    void onlyCanonicalDecimalsAreWrittenAsNumbers() {
        assertTrue(CatalogCodec.isWholeNumber("0"));
        assertTrue(CatalogCodec.isWholeNumber("4294967295"));
        assertFalse(CatalogCodec.isWholeNumber("007"));
        assertFalse(CatalogCodec.isWholeNumber("12345678901"));
        assertFalse(CatalogCodec.isWholeNumber("/wg"));
        assertFalse(CatalogCodec.isWholeNumber(""));
        FrontDoor door = new FrontDoor("fd", new Endpoint("203.0.113.1", 51820), TransportTier.T2,
                TransportParams.of(Map.of("port", "007", "count", "12")), 0, FrontDoorState.ACTIVE);
        Catalog c = CatalogBuilder.builder().scope(CatalogScope.of("eu-central", "standard")).serial(1).clock(new FakeClock(NOW))
                .addEntry(new CatalogEntry("p", List.of(PathComponent.of(ComponentRole.INGRESS, ProviderId.of("hetzner"))), 0.5,
                        TestCatalogs.entry(0).gatewayKey(), CountryCode.of("DE"), List.of(door))).build();
        String j = json(c);
        assertTrue(j.contains("\"params\":{\"count\":12,\"port\":\"007\"}"), j);
        assertEquals(c, CatalogCodec.decode(CatalogCodec.encode(c)));
    }

    @Test
    void aFrontedDoorKeepsAnSniOtherThanTheHostItDials() {
        FrontDoor door = new FrontDoor("fd", new Endpoint("cdn.example.com", 443), TransportTier.T4,
                TransportParams.wss("/wg", "front.example.org", "gw.example.net"), 0, FrontDoorState.ACTIVE);
        Catalog c = CatalogBuilder.builder().scope(CatalogScope.of("eu-central", "standard")).serial(1).clock(new FakeClock(NOW))
                .addEntry(new CatalogEntry("p", List.of(PathComponent.of(ComponentRole.INGRESS, ProviderId.of("hetzner"))), 0.5,
                        TestCatalogs.entry(0).gatewayKey(), CountryCode.of("DE"), List.of(door))).build();
        assertTrue(json(c).contains("\"params\":{\"host\":\"gw.example.net\",\"path\":\"/wg\",\"sni\":\"front.example.org\"}"), json(c));
        Catalog back = CatalogCodec.decode(CatalogCodec.encode(c));
        assertEquals(c, back);
        assertEquals("cdn.example.com", CatalogCodec.decode(CatalogCodec.encode(catalog(1))).entries().get(0).frontDoors().get(3)
                .params().get("sni").orElseThrow(), "a left-out sni reads back as the dialled host");
    }

    @Test
    void errorsNameTheJsonFieldsOfAnEntry() {
        String j = json(catalog(1));
        assertEquals("entries[0].exit: must be an ISO 3166-1 alpha-2 code, was 'XX'",
                decodeFails(j.replace("\"exit\":\"DE\"", "\"exit\":\"XX\"")).getMessage());
        assertTrue(decodeFails(j.replace("\"key\":\"", "\"key\":\"x")).getMessage().startsWith("entries[0].key:"));
        assertTrue(decodeFails(j.replace("\"at\":\"203.0.0.0:51820\"", "\"at\":\"203.0.0.0\"")).getMessage()
                .startsWith("entries[0].doors[0].at:"));
        assertTrue(decodeFails(j.replace("\"prio\":10,", "\"prio\":70000,")).getMessage().startsWith("entries[0].doors[1].prio:"));
        assertTrue(decodeFails(j.replace("\"state\":\"demoted\"", "\"state\":\"gone\"")).getMessage().startsWith("entries[0].doors[3].state:"));
        assertEquals("entries[0].via: keys must be cdn-front, ingress or egress, was 'transit'",
                decodeFails(j.replace("\"ingress\":", "\"transit\":")).getMessage());
        assertTrue(decodeFails(j.replace("\"ingress\":\"hetzner\"", "\"ingress\":\"Hetzner!\"")).getMessage().startsWith("entries[0].via.ingress:"));
        assertTrue(decodeFails(j.replaceFirst("\"id\":\"path-0\"", "\"id\":\"path 0\"")).getMessage().startsWith("entries[0].id:"));
        assertTrue(decodeFails(j.replace("\"doors\":[", "\"doors\":[{\"id\":\"fd-0-t0\",\"tier\":\"T0\",\"at\":\"203.0.0.9:1\"},"))
                .getMessage().startsWith("entries[0].doors:"));
    }

    @Test
    void aRoleAppearsOnceInAPathAndComponentsFollowTheTraffic() {
        CatalogEntry base = TestCatalogs.entry(1);
        DammException twice = assertThrows(DammException.class, () -> new CatalogEntry("p", List.of(PathComponent.of(ComponentRole.INGRESS, ProviderId.of("aa")),
                PathComponent.of(ComponentRole.INGRESS, ProviderId.of("bb"))), 0.5, base.gatewayKey(), base.exitCountry(), base.frontDoors()));
        assertTrue(twice.getMessage().startsWith("entry.composition:"), twice.getMessage());
        CatalogEntry shuffled = new CatalogEntry("p", List.of(PathComponent.of(ComponentRole.EGRESS, ProviderId.of("bb")), PathComponent.of(ComponentRole.CDN_FRONT, ProviderId.of("cc")),
                PathComponent.of(ComponentRole.INGRESS, ProviderId.of("aa"))), 0.5, base.gatewayKey(), base.exitCountry(), base.frontDoors());
        assertEquals(List.of(ComponentRole.CDN_FRONT, ComponentRole.INGRESS, ComponentRole.EGRESS),
                shuffled.composition().stream().map(PathComponent::role).toList());
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
