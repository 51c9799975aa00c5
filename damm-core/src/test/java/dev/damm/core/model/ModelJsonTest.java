package dev.damm.core.model;

import dev.damm.spi.provider.ProviderId;
import static dev.damm.core.model.ModelSamples.accessTier;
import static dev.damm.core.model.ModelSamples.assertFails;
import static dev.damm.core.model.ModelSamples.assertInvalid;
import static dev.damm.core.model.ModelSamples.device;
import static dev.damm.core.model.ModelSamples.deviceBuilder;
import static dev.damm.core.model.ModelSamples.egressPool;
import static dev.damm.core.model.ModelSamples.frontDoor;
import static dev.damm.core.model.ModelSamples.gateway;
import static dev.damm.core.model.ModelSamples.provisionedGateway;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.damm.core.json.DammJson;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.net.CountryCode;
import dev.damm.spi.net.Endpoint;
import dev.damm.spi.net.IpNetwork;
import dev.damm.spi.net.RegionCode;
import dev.damm.spi.transport.TransportTier;
import java.io.ByteArrayInputStream;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every model aggregate and id survives a trip through {@link DammJson}, and bad documents fail with typed errors. */
class ModelJsonTest {
    static final int LIMIT = 64 * 1024;

    static <T> T roundTrip(T value) {
        @SuppressWarnings("unchecked")
        Class<T> type = (Class<T>) value.getClass();
        return DammJson.readBounded(DammJson.write(value), type, LIMIT);
    }

    static <T> T read(String json, Class<T> type) {
        return DammJson.readBounded(json.getBytes(StandardCharsets.UTF_8), type, LIMIT);
    }

    /** The JSON of {@code value} with {@code edit} applied to its tree. */
    static String edited(Object value, java.util.function.Consumer<ObjectNode> edit) {
        try {
            ObjectNode tree = (ObjectNode) DammJson.strict().readTree(DammJson.write(value));
            edit.accept(tree);
            return DammJson.strict().writeValueAsString(tree);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Stream<Object> values() {
        return Stream.of(
                DeviceId.of("dev-0001"), GatewayId.of("gw-fra-1"), FrontDoorId.of("fd:fra.1_t1"), EgressPoolId.of("eg-fra-main"),
                AccessTierId.of("tier-standard"),
                frontDoor(), ModelSamples.secondFrontDoor(), frontDoor().withState(FrontDoorState.INACTIVE),
                new HeartbeatMetrics(0.25, 12, Long.MAX_VALUE, 0), HeartbeatMetrics.IDLE,
                gateway(), provisionedGateway(),
                egressPool(), egressPool().withLoad(1.0, 0.0),
                new EgressRule(EgressRule.Kind.CIDR, "2001:db8::/32"), new EgressRule(EgressRule.Kind.DOMAIN, "*.example.org"),
                new EgressRule(EgressRule.Kind.SNI_TAG, "p2p"),
                accessTier(),
                device(), deviceBuilder().quarantineEgressPoolId(null).state(DeviceState.SUSPENDED, SuspensionReason.OVER_QUOTA).build(),
                deviceBuilder().state(DeviceState.REVOKED, null).build());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("values")
    void roundTripsToAnEqualValue(Object value) {
        Object back = roundTrip(value);
        assertEquals(value, back, () -> new String(DammJson.write(value), StandardCharsets.UTF_8));
        assertEquals(value.hashCode(), back.hashCode());
    }

    @Test
    void writesOptionalsAsTheirValueAndEmptyOnesAsNull() throws Exception {
        JsonNode g = DammJson.strict().readTree(DammJson.write(gateway()));
        assertEquals(ModelSamples.GATEWAY_KEY.base64(), g.get("publicKey").asText());
        assertEquals("2024-06-01T12:00:00Z", g.get("registeredAt").asText());
        JsonNode p = DammJson.strict().readTree(DammJson.write(provisionedGateway()));
        assertTrue(p.get("publicKey").isNull(), p.toString());
        JsonNode d = DammJson.strict().readTree(DammJson.write(device()));
        assertEquals("eg-fra-main", d.get("egressPoolId").get("value").asText(), d.toString());
        assertTrue(d.get("suspension").isNull(), d.toString());
    }

    @Test
    void readsAnAbsentOptionalAsEmpty() {
        Gateway g = provisionedGateway();
        String json = edited(g, t -> t.remove(List.of("publicKey", "registeredAt", "lastHeartbeatAt")));
        assertEquals(g, read(json, Gateway.class));
    }

    @Test
    void writesHashesAsBase64AndReadsThemBackByContent() throws Exception {
        Device d = device();
        JsonNode tree = DammJson.strict().readTree(DammJson.write(d));
        assertEquals(java.util.Base64.getEncoder().encodeToString(d.credentialHash()), tree.get("credentialHash").asText());
        assertArrayEquals(d.credentialHash(), roundTrip(d).credentialHash());
        assertArrayEquals(gateway().tokenHash(), roundTrip(gateway()).tokenHash());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("values")
    void writesExactlyTheRecordComponentsAndNoDerivedProperties(Object value) throws Exception {
        Set<String> components = Arrays.stream(value.getClass().getRecordComponents()).map(RecordComponent::getName)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> written = new TreeSet<>();
        DammJson.strict().readTree(DammJson.write(value)).fieldNames().forEachRemaining(written::add);
        assertEquals(components, written);
    }

    @Test
    void refusesAnUnknownPropertyAsMalformedInput() {
        assertFails(ErrorCode.MALFORMED_INPUT, "colour", () -> read(edited(gateway(), t -> t.put("colour", "red")), Gateway.class));
        assertFails(ErrorCode.MALFORMED_INPUT, "frontDoors[1].colour", () -> read(edited(gateway(),
                t -> ((ObjectNode) t.get("frontDoors").get(1)).put("colour", "red")), Gateway.class));
        assertFails(ErrorCode.MALFORMED_INPUT, "colour", () -> read(edited(egressPool(), t -> t.put("colour", "red")), EgressPool.class));
    }

    @Test
    void readsAnUnknownPropertyLenientlyOnlyWhenAskedTo() {
        byte[] json = edited(device(), t -> t.put("colour", "red")).getBytes(StandardCharsets.UTF_8);
        assertEquals(device(), DammJson.readBoundedLenient(json, Device.class, LIMIT));
    }

    @Test
    void refusesABadCountryCodeInsideAnEgressPoolNamingTheField() {
        String json = edited(egressPool(), t -> t.putArray("exitCountries").add("DE").add("XX"));
        assertInvalid("exitCountries[1]", () -> read(json, EgressPool.class));
        String tier = edited(accessTier(), t -> t.putArray("allowedExitCountries").add("D3"));
        assertInvalid("allowedExitCountries[0]", () -> read(tier, AccessTier.class));
    }

    @Test
    void refusesNestedValuesThatFailTheirOwnValidation() {
        assertInvalid("region", () -> read(edited(egressPool(), t -> t.put("region", "EU Central")), EgressPool.class));
        assertInvalid("publicKey", () -> read(edited(gateway(), t -> t.put("publicKey", "not-a-key")), Gateway.class));
        assertInvalid("frontDoors[0].endpoint.port", () -> read(edited(gateway(),
                t -> ((ObjectNode) t.get("frontDoors").get(0)).put("endpoint", "203.0.113.10:0")), Gateway.class));
        assertInvalid("tunnelAddresses[0]", () -> read(edited(device(), t -> t.putArray("tunnelAddresses").add("10.44.0.300/32")), Device.class));
        assertInvalid("gatewayId", () -> read(edited(frontDoor(), t -> t.putObject("gatewayId").put("value", "gw 1")), FrontDoor.class));
    }

    @Test
    void refusesAggregateRulesBrokenInsideADocumentWithTheModelsFieldName() {
        assertInvalid("egressPool.load", () -> read(edited(egressPool(), t -> t.put("load", 1.5)), EgressPool.class));
        assertInvalid("egressPool.exitCountries", () -> read(edited(egressPool(), t -> t.putArray("exitCountries")), EgressPool.class));
        assertInvalid("frontDoor.priority", () -> read(edited(frontDoor(), t -> t.put("priority", 65536)), FrontDoor.class));
        assertInvalid("frontDoor.parameters", () -> read(edited(frontDoor(), t -> t.putObject("parameters").put("Jc", "4")), FrontDoor.class));
        assertInvalid("accessTier.sessionLimit", () -> read(edited(accessTier(), t -> t.put("sessionLimit", 0)), AccessTier.class));
        assertInvalid("egressRule.value", () -> read("{\"kind\":\"CIDR\",\"value\":\"10.0.0.0/33\"}", EgressRule.class));
        assertInvalid("gateway.publicKey", () -> read(edited(gateway(), t -> t.putNull("publicKey")), Gateway.class));
        assertInvalid("gateway.tokenHash", () -> read(edited(gateway(), t -> t.put("tokenHash", new byte[31])), Gateway.class));
        assertInvalid("device.suspension", () -> read(edited(device(), t -> t.put("state", "SUSPENDED")), Device.class));
        assertInvalid("device.credentialHash", () -> read(edited(device(), t -> t.put("credentialHash", new byte[16])), Device.class));
        assertInvalid("metrics.load", () -> read(edited(gateway(), t -> ((ObjectNode) t.get("metrics")).put("load", -0.5)), Gateway.class));
        assertFails(ErrorCode.CONFLICT, "gateway.frontDoors", () -> read(edited(gateway(),
                t -> ((ObjectNode) t.get("frontDoors").get(1)).set("id", t.get("frontDoors").get(0).get("id"))), Gateway.class));
    }

    @Test
    void refusesWrongJsonTypesAsMalformedInput() {
        assertFails(ErrorCode.MALFORMED_INPUT, "priority", () -> read(edited(frontDoor(), t -> t.put("priority", "10")), FrontDoor.class));
        assertFails(ErrorCode.MALFORMED_INPUT, "state", () -> read(edited(device(), t -> t.put("state", "ASLEEP")), Device.class));
        assertFails(ErrorCode.MALFORMED_INPUT, "rxBytes", () -> read(edited(device(), t -> t.put("rxBytes", 1.5)), Device.class));
        assertFails(ErrorCode.MALFORMED_INPUT, "$", () -> read("null", Device.class));
    }

    @Test
    void refusesAnOversizedDocumentBeforeParsingIt() {
        byte[] json = DammJson.write(gateway());
        assertEquals(gateway(), DammJson.readBounded(json, Gateway.class, json.length));
        assertFails(ErrorCode.PAYLOAD_TOO_LARGE, "json", () -> DammJson.readBounded(json, Gateway.class, json.length - 1));
        assertFails(ErrorCode.PAYLOAD_TOO_LARGE, "json",
                () -> DammJson.readBounded(new ByteArrayInputStream(json), Gateway.class, json.length - 1));
    }

    // ---- generated values

    @Property(tries = 200)
    void generatedFrontDoorsRoundTrip(@ForAll("frontDoors") FrontDoor fd) {
        assertEquals(fd, roundTrip(fd));
    }

    @Property(tries = 200)
    void generatedEgressPoolsRoundTrip(@ForAll("egressPools") EgressPool pool) {
        assertEquals(pool, roundTrip(pool));
    }

    @Property(tries = 100)
    void generatedGatewaysRoundTrip(@ForAll("frontDoors") FrontDoor fd, @ForAll("ids") String name) {
        Gateway g = ModelSamples.gatewayBuilder().name(name)
                .frontDoors(List.of(new FrontDoor(fd.id(), ModelSamples.GW, fd.endpoint(), fd.transport(), fd.priority(), fd.state(), fd.parameters())))
                .build();
        assertEquals(g, roundTrip(g));
    }

    @Provide
    Arbitrary<String> ids() {
        return Combinators.combine(Arbitraries.strings().withChars("abcXYZ0189").ofLength(1),
                Arbitraries.strings().withChars("abcXYZ0189._:-").ofMaxLength(63)).as((first, rest) -> first + rest);
    }

    /** Gateway and egress pool ids: no colon, which joins them in a path id. */
    Arbitrary<String> pathPartIds() {
        return ids().map(s -> s.replace(':', '_'));
    }

    Arbitrary<Endpoint> endpoints() {
        Arbitrary<String> v4 = Arbitraries.integers().between(0, 255).list().ofSize(4)
                .map(o -> o.get(0) + "." + o.get(1) + "." + o.get(2) + "." + o.get(3));
        Arbitrary<String> v6 = Arbitraries.integers().between(0, 0xffff).list().ofSize(8)
                .map(h -> "[" + String.join(":", h.stream().map(Integer::toHexString).toList()) + "]");
        Arbitrary<String> names = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(20).list().ofMinSize(2).ofMaxSize(4)
                .map(labels -> String.join(".", labels));
        return Combinators.combine(Arbitraries.oneOf(v4, v6, names), Arbitraries.integers().between(1, 65535))
                .as((host, port) -> Endpoint.parse(host + ":" + port));
    }

    Arbitrary<Map<String, String>> parameters() {
        Arbitrary<String> keys = Combinators.combine(Arbitraries.chars().range('a', 'z'),
                Arbitraries.strings().withChars("abcxyz0189_-").ofMaxLength(31)).as((c, rest) -> c + rest);
        Arbitrary<String> values = Arbitraries.strings().withChars("aZ09/.:=-_ é€\"\\").ofMinLength(1).ofMaxLength(256)
                .filter(v -> !v.isBlank());
        return Arbitraries.maps(keys, values).ofMaxSize(32);
    }

    @Provide
    Arbitrary<FrontDoor> frontDoors() {
        return Combinators.combine(ids(), pathPartIds(), endpoints(), Arbitraries.of(TransportTier.class), Arbitraries.integers().between(0, 65535),
                Arbitraries.of(FrontDoorState.class), parameters())
                .as((id, gw, ep, tier, prio, state, params) -> new FrontDoor(FrontDoorId.of(id), GatewayId.of(gw), ep, tier, prio, state,
                        withTierNeeds(tier, params)));
    }

    /** Adds (over any random value) what the tier requires, so every tier is generated. */
    private static Map<String, String> withTierNeeds(TransportTier tier, Map<String, String> random) {
        Map<String, String> m = new java.util.TreeMap<>(random);
        switch (tier) {
            case T1 -> m.putAll(ModelSamples.frontDoor().parameters());
            case T3, T4 -> m.putAll(Map.of("path", "/wg", "sni", "cdn.example.net", "host", "gw.example.net"));
            default -> { }
        }
        while (m.size() > 32) {
            m.remove(m.keySet().stream().filter(k -> !ModelSamples.frontDoor().parameters().containsKey(k)
                    && !List.of("path", "sni", "host").contains(k)).findFirst().orElseThrow());
        }
        return m;
    }

    @Provide
    Arbitrary<EgressPool> egressPools() {
        List<CountryCode> countries = Arrays.stream(Locale.getISOCountries()).map(CountryCode::of).toList();
        // A prefix of a shuffle: jqwik's set() of up to 64 unique picks is slow to generate.
        Arbitrary<Set<CountryCode>> exits = Combinators.combine(Arbitraries.shuffle(countries), Arbitraries.integers().between(1, 64))
                .as((all, n) -> Set.copyOf(all.subList(0, n)));
        Arbitrary<IpNetwork> v4 = Combinators.combine(Arbitraries.integers().between(0, 255).list().ofSize(4), Arbitraries.integers().between(0, 32))
                .as((o, p) -> IpNetwork.parse(o.get(0) + "." + o.get(1) + "." + o.get(2) + "." + o.get(3) + "/" + p));
        Arbitrary<IpNetwork> v6 = Combinators.combine(Arbitraries.integers().between(0, 0xffff).list().ofSize(8), Arbitraries.integers().between(0, 128))
                .as((h, p) -> IpNetwork.parse(String.join(":", h.stream().map(Integer::toHexString).toList()) + "/" + p));
        Arbitrary<String> providers = Combinators.combine(Arbitraries.chars().range('a', 'z'),
                Arbitraries.strings().withChars("abz09-").ofMinLength(1).ofMaxLength(31)).as((c, rest) -> c + rest)
                .filter(s -> !s.endsWith("-") && !s.contains("--"));
        Arbitrary<RegionCode> regions = Arbitraries.of("eu-central", "us-east-1", "ap2", "a1").map(RegionCode::of);
        Arbitrary<Double> unit = Arbitraries.doubles().between(0.0, 1.0);
        return Combinators.combine(pathPartIds(), providers, regions, Arbitraries.of(EgressKind.class), exits,
                Arbitraries.oneOf(v4, v6).list().ofMaxSize(16), unit, unit)
                .as((id, provider, region, kind, ex, ips, load, headroom) ->
                        new EgressPool(EgressPoolId.of(id), ProviderId.of(provider), region, kind, new HashSet<>(ex), ips, load, headroom, load < 0.5));
    }
}
