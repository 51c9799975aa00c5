package dev.damm.core.model;

import dev.damm.core.catalog.CatalogScope;
import dev.damm.core.internal.model.FrontDoorRules;

import dev.damm.spi.provider.ProviderId;
import static dev.damm.core.model.ModelSamples.GW;
import static dev.damm.core.model.ModelSamples.REGION;
import static dev.damm.core.model.ModelSamples.accessTier;
import static dev.damm.core.model.ModelSamples.assertFails;
import static dev.damm.core.model.ModelSamples.assertInvalid;
import static dev.damm.core.model.ModelSamples.device;
import static dev.damm.core.model.ModelSamples.deviceBuilder;
import static dev.damm.core.model.ModelSamples.egressPool;
import static dev.damm.core.model.ModelSamples.filled;
import static dev.damm.core.model.ModelSamples.frontDoor;
import static dev.damm.core.model.ModelSamples.gatewayBuilder;
import static dev.damm.core.model.ModelSamples.secondFrontDoor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.spi.ErrorCode;
import dev.damm.spi.net.CountryCode;
import dev.damm.spi.net.Endpoint;
import dev.damm.spi.net.IpNetwork;
import dev.damm.spi.net.RegionCode;
import dev.damm.spi.transport.TransportTier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every model type refuses invalid values with a typed error whose message starts with the field. */
class ModelValidationTest {

    @Nested
    class Ids {
        static Stream<Arguments> idTypes() {
            return Stream.of(
                    Arguments.of("deviceId", (Function<String, Object>) DeviceId::of),
                    Arguments.of("gatewayId", (Function<String, Object>) GatewayId::of),
                    Arguments.of("frontDoorId", (Function<String, Object>) FrontDoorId::of),
                    Arguments.of("egressPoolId", (Function<String, Object>) EgressPoolId::of),
                    Arguments.of("accessTierId", (Function<String, Object>) AccessTierId::of));
        }

        static Stream<Arguments> idTypesAndBadValues() {
            List<String> bad = Arrays.asList(null, "", "   ", "a".repeat(65), "gw 1", "gw/1", "gw@1", "gw\n1", "gw-é", "gw+1", "gw,1");
            return idTypes().flatMap(a -> bad.stream().map(v -> Arguments.of(a.get()[0], a.get()[1], v)));
        }

        @ParameterizedTest(name = "{0} refuses \"{2}\"")
        @MethodSource("idTypesAndBadValues")
        void refuseNullBlankTooLongAndBadCharacters(String field, Function<String, Object> factory, String value) {
            assertInvalid(field, () -> factory.apply(value));
        }

        @ParameterizedTest(name = "{0} accepts 64 characters and every allowed character")
        @MethodSource("idTypes")
        void acceptTheLongestIdAndEveryAllowedCharacter(String field, Function<String, Object> factory) {
            if (field.equals("accessTierId")) {
                // A tier id is also the catalog scope's tier and a URL segment: one grammar for all three.
                assertEquals("x".repeat(32), factory.apply("x".repeat(32)).toString());
                assertEquals("az-09", factory.apply("az-09").toString());
                for (String refused : List.of("x".repeat(33), "x", "Premium", "a.b", "a:b", "a_b", "-a", "a-", "a--b")) {
                    assertInvalid(field, () -> factory.apply(refused));
                }
                assertEquals("premium", CatalogScope.of("eu-central", AccessTierId.of("premium").value()).accessTier());
                return;
            }
            String longest = "x".repeat(64);
            assertEquals(longest, factory.apply(longest).toString());
            boolean joinedInPathIds = field.equals("gatewayId") || field.equals("egressPoolId");
            String every = joinedInPathIds ? "Az09._-" : "Az09._:-";
            assertEquals(every, factory.apply(every).toString());
        }

        @ParameterizedTest(name = "{0} refuses a leading separator")
        @MethodSource("idTypes")
        void refuseALeadingSeparatorWhereTheCatalogWould(String field, Function<String, Object> factory) {
            if (field.equals("gatewayId") || field.equals("frontDoorId") || field.equals("egressPoolId")) {
                assertInvalid(field, () -> factory.apply("-x"));
                assertInvalid(field, () -> factory.apply(".x"));
            }
        }

        @Test
        void gatewayAndPoolIdsHoldNoColonBecausePathIdsJoinThemWithOne() {
            assertInvalid("gatewayId", () -> GatewayId.of("gw:1"));
            assertInvalid("egressPoolId", () -> EgressPoolId.of("pool:1"));
            assertEquals("fd:1", FrontDoorId.of("fd:1").value());
        }

        @Test
        void orderByTheirText() {
            List<GatewayId> ids = new ArrayList<>(List.of(GatewayId.of("b"), GatewayId.of("a-2"), GatewayId.of("a-1")));
            Collections.sort(ids);
            assertEquals(List.of(GatewayId.of("a-1"), GatewayId.of("a-2"), GatewayId.of("b")), ids);
        }
    }

    @Nested
    class FrontDoors {
        FrontDoor withPriority(int p) {
            FrontDoor f = frontDoor();
            return new FrontDoor(f.id(), f.gatewayId(), f.endpoint(), f.transport(), p, f.state(), f.parameters());
        }

        /** A plain WireGuard (T0) door, whose tier needs no parameters: only the name and value rules apply. */
        FrontDoor withParameters(Map<String, String> parameters) {
            FrontDoor f = frontDoor();
            return new FrontDoor(f.id(), f.gatewayId(), f.endpoint(), TransportTier.T0, f.priority(), f.state(), parameters);
        }

        @Test
        void refusesParametersItsTierCannotUse() {
            FrontDoor f = frontDoor();
            assertInvalid("frontDoor.parameters.jmin", () -> new FrontDoor(f.id(), GW, f.endpoint(), TransportTier.T1, 1, f.state(),
                    Map.of("jc", "4")));
            assertInvalid("frontDoor.parameters.path", () -> new FrontDoor(f.id(), GW, f.endpoint(), TransportTier.T3, 1, f.state(),
                    Map.of()));
        }

        @Test
        void refusesMissingParts() {
            FrontDoor f = frontDoor();
            assertInvalid("frontDoor.id", () -> new FrontDoor(null, GW, f.endpoint(), f.transport(), 1, f.state(), Map.of()));
            assertInvalid("frontDoor.gatewayId", () -> new FrontDoor(f.id(), null, f.endpoint(), f.transport(), 1, f.state(), Map.of()));
            assertInvalid("frontDoor.endpoint", () -> new FrontDoor(f.id(), GW, null, f.transport(), 1, f.state(), Map.of()));
            assertInvalid("frontDoor.transport", () -> new FrontDoor(f.id(), GW, f.endpoint(), null, 1, f.state(), Map.of()));
            assertInvalid("frontDoor.state", () -> new FrontDoor(f.id(), GW, f.endpoint(), f.transport(), 1, null, Map.of()));
            assertInvalid("frontDoor.parameters", () -> new FrontDoor(f.id(), GW, f.endpoint(), f.transport(), 1, f.state(), null));
        }

        @ParameterizedTest
        @ValueSource(ints = {-1, 65536, Integer.MIN_VALUE, Integer.MAX_VALUE})
        void refusesPriorityOutOfRange(int priority) {
            assertInvalid("frontDoor.priority", () -> withPriority(priority));
        }

        @Test
        void acceptsPriorityBounds() {
            assertEquals(0, withPriority(0).priority());
            assertEquals(FrontDoorRules.MAX_PRIORITY, withPriority(65535).priority());
        }

        @ParameterizedTest
        @ValueSource(strings = {"Jc", "JMIN", "1jc", "_jc", "-jc", "j c", "j.c", ""})
        void refusesParameterNamesThatAreNotLowerCaseNames(String name) {
            assertInvalid("frontDoor.parameters", () -> withParameters(Map.of(name, "4")));
        }

        @Test
        void refusesAParameterNameLongerThan32Characters() {
            assertEquals(1, withParameters(Map.of("p" + "x".repeat(31), "v")).parameters().size());
            assertInvalid("frontDoor.parameters", () -> withParameters(Map.of("p" + "x".repeat(32), "v")));
        }

        @Test
        void refusesMoreThan32Parameters() {
            Map<String, String> params = new HashMap<>();
            IntStream.range(0, 32).forEach(i -> params.put("p" + i, "v"));
            assertEquals(32, withParameters(params).parameters().size());
            params.put("p32", "v");
            assertInvalid("frontDoor.parameters", () -> withParameters(params));
        }

        @Test
        void refusesBlankTooLongOrNullParameterValuesNamingTheParameter() {
            assertInvalid("frontDoor.parameters.jc", () -> withParameters(Map.of("jc", " ")));
            assertInvalid("frontDoor.parameters.sni", () -> withParameters(Map.of("sni", "a".repeat(257))));
            assertInvalid("frontDoor.parameters.path", () -> withParameters(Map.of("path", "/a\nb")));
            Map<String, String> nullValue = new HashMap<>();
            nullValue.put("jc", null);
            assertInvalid("frontDoor.parameters.jc", () -> withParameters(nullValue));
            Map<String, String> nullKey = new HashMap<>();
            nullKey.put(null, "4");
            assertInvalid("frontDoor.parameters", () -> withParameters(nullKey));
        }

        @Test
        void copiesAndSortsItsParameters() {
            Map<String, String> params = new HashMap<>(Map.of("jmin", "40", "jc", "4"));
            FrontDoor f = withParameters(params);
            params.put("jmax", "70");
            assertEquals(List.of("jc", "jmin"), new ArrayList<>(f.parameters().keySet()));
            assertThrows(UnsupportedOperationException.class, () -> f.parameters().put("x", "y"));
        }

        @Test
        void publishesActiveAndDemotedDoorsOnly() {
            assertTrue(frontDoor().isPublished());
            assertTrue(frontDoor().withState(FrontDoorState.DEMOTED).isPublished());
            assertFalse(frontDoor().withState(FrontDoorState.INACTIVE).isPublished());
            assertInvalid("frontDoor.state", () -> frontDoor().withState(null));
        }
    }

    @Nested
    class Gateways {
        @Test
        void refusesMissingOrBadIdentity() {
            assertInvalid("gateway.id", () -> Gateway.builder(null).name("x").region(REGION).tokenHash(filled(32, (byte) 1)).build());
            assertInvalid("gateway.name", () -> gatewayBuilder().name(null).build());
            assertInvalid("gateway.name", () -> gatewayBuilder().name("  ").build());
            assertInvalid("gateway.name", () -> gatewayBuilder().name("n".repeat(129)).build());
            assertInvalid("gateway.region", () -> gatewayBuilder().region(null).build());
            assertInvalid("gateway.status", () -> gatewayBuilder().status(null).build());
            assertInvalid("gateway.metrics", () -> gatewayBuilder().metrics(null).build());
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {"Hetzner", "-static", "do ams3", "do_ams3", "a", "a12345678901234567890123456789012"})
        void refusesBadProviderIds(String providerId) {
            assertInvalid("providerId", () -> gatewayBuilder().providerId(ProviderId.of(providerId)).build());
        }

        @Test
        void refusesAGatewayWithoutAProvider() {
            assertInvalid("gateway.providerId", () -> gatewayBuilder().providerId(null).build());
        }

        @ParameterizedTest
        @ValueSource(strings = {"ACTIVE", "DRAINING"})
        void refusesARegisteredGatewayWithoutAPublicKey(GatewayStatus status) {
            assertInvalid("gateway.publicKey", () -> gatewayBuilder().status(status).publicKey(null).build());
        }

        @ParameterizedTest
        @ValueSource(strings = {"PROVISIONED", "RETIRED"})
        void acceptsAGatewayThatNeverRegisteredWithoutAPublicKey(GatewayStatus status) {
            Gateway g = gatewayBuilder().status(status).publicKey(null).build();
            assertTrue(g.publicKey().isEmpty());
        }

        @Test
        void refusesAFrontDoorThatBelongsToAnotherGateway() {
            FrontDoor foreign = FrontDoor.of(FrontDoorId.of("fd-ams-1"), GatewayId.of("gw-ams-1"),
                    Endpoint.parse("198.51.100.7:51820"), TransportTier.T0, 0);
            var e = assertInvalid("gateway.frontDoors", () -> gatewayBuilder().frontDoors(List.of(frontDoor(), foreign)).build());
            assertTrue(e.getMessage().contains("gw-ams-1"), e.getMessage());
        }

        @Test
        void refusesDuplicateFrontDoorIdsAsAConflict() {
            FrontDoor f = frontDoor();
            FrontDoor sameId = new FrontDoor(f.id(), GW, Endpoint.parse("203.0.113.11:443"), TransportTier.T3, 5,
                    FrontDoorState.ACTIVE, Map.of("path", "/wg"));
            assertFails(ErrorCode.CONFLICT, "gateway.frontDoors", () -> gatewayBuilder().frontDoors(List.of(f, sameId)).build());
        }

        @Test
        void refusesTooManyFrontDoorsOrTunnelAddresses() {
            List<FrontDoor> doors = IntStream.range(0, 65)
                    .mapToObj(i -> FrontDoor.of(FrontDoorId.of("fd-" + i), GW, Endpoint.parse("203.0.113.10:" + (1000 + i)), TransportTier.T0, i))
                    .toList();
            assertEquals(64, gatewayBuilder().frontDoors(doors.subList(0, 64)).build().frontDoors().size());
            assertInvalid("gateway.frontDoors", () -> gatewayBuilder().frontDoors(doors).build());
            List<IpNetwork> nine = IntStream.range(0, 9).mapToObj(i -> IpNetwork.parse("10.44." + i + ".1/24")).toList();
            assertInvalid("gateway.tunnelAddresses", () -> gatewayBuilder().tunnelAddresses(nine).build());
        }

        @Test
        void refusesATokenHashThatIsNotASha256() {
            assertInvalid("gateway.tokenHash", () -> gatewayBuilder().tokenHash(null).build());
            assertInvalid("gateway.tokenHash", () -> gatewayBuilder().tokenHash(new byte[31]).build());
            assertInvalid("gateway.tokenHash", () -> gatewayBuilder().tokenHash(new byte[33]).build());
            assertInvalid("gateway.tokenHash", () -> gatewayBuilder().tokenHash(new byte[0]).build());
        }

        @Test
        void keepsItsOwnCopyOfTheTokenHash() {
            byte[] hash = filled(32, (byte) 9);
            Gateway g = gatewayBuilder().tokenHash(hash).build();
            hash[0] = 0;
            g.tokenHash()[1] = 0;
            assertArrayEquals(filled(32, (byte) 9), g.tokenHash());
        }

        @Test
        void comparesTokenHashesByContent() {
            assertEquals(gatewayBuilder().build(), gatewayBuilder().build());
            assertEquals(gatewayBuilder().build().hashCode(), gatewayBuilder().build().hashCode());
            assertFalse(gatewayBuilder().build().equals(gatewayBuilder().tokenHash(filled(32, (byte) 1)).build()));
        }

        @Test
        void doesNotShowItsTokenHashInToString() {
            String s = gatewayBuilder().build().toString();
            assertFalse(s.contains("tokenHash") || s.contains("[B@"), s);
        }
    }

    @Nested
    class Metrics {
        @ParameterizedTest
        @ValueSource(doubles = {1.5, -0.01, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
        void refusesLoadOutsideZeroToOne(double load) {
            assertInvalid("metrics.load", () -> new HeartbeatMetrics(load, 0, 0, 0));
        }

        @Test
        void refusesNegativeCounters() {
            assertInvalid("metrics.activePeers", () -> new HeartbeatMetrics(0.5, -1, 0, 0));
            assertInvalid("metrics.activePeers", () -> new HeartbeatMetrics(0.5, 10_000_001, 0, 0));
            assertInvalid("metrics.rxBytes", () -> new HeartbeatMetrics(0.5, 0, -1, 0));
            assertInvalid("metrics.txBytes", () -> new HeartbeatMetrics(0.5, 0, 0, Long.MIN_VALUE));
        }

        @Test
        void acceptsTheBounds() {
            assertEquals(1.0, new HeartbeatMetrics(1.0, 10_000_000, Long.MAX_VALUE, 0).load());
            assertEquals(0.0, HeartbeatMetrics.IDLE.load());
        }
    }

    @Nested
    class EgressPools {
        EgressPool with(Set<CountryCode> exits, List<IpNetwork> ips, double load, double headroom) {
            EgressPool p = egressPool();
            return new EgressPool(p.id(), p.providerId(), p.region(), p.kind(), exits, ips, load, headroom, p.enabled());
        }

        @Test
        void refusesMissingParts() {
            EgressPool p = egressPool();
            assertInvalid("egressPool.id", () -> new EgressPool(null, ProviderId.of("hetzner"), REGION, EgressKind.MAIN, p.exitCountries(), List.of(), 0, 1, true));
            assertInvalid("egressPool.region", () -> new EgressPool(p.id(), ProviderId.of("hetzner"), null, EgressKind.MAIN, p.exitCountries(), List.of(), 0, 1, true));
            assertInvalid("egressPool.kind", () -> new EgressPool(p.id(), ProviderId.of("hetzner"), REGION, null, p.exitCountries(), List.of(), 0, 1, true));
            assertInvalid("egressPool.exitCountries", () -> with(null, List.of(), 0, 1));
            assertInvalid("egressPool.ipInventory", () -> with(p.exitCountries(), null, 0, 1));
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {"Hetzner", "do ams3", "do_ams3", "_x", "a12345678901234567890123456789012"})
        void refusesBadProviderIds(String providerId) {
            EgressPool p = egressPool();
            assertInvalid("providerId",
                    () -> new EgressPool(p.id(), ProviderId.of(providerId), REGION, EgressKind.MAIN, p.exitCountries(), List.of(), 0, 1, true));
        }

        @Test
        void refusesAPoolWithoutAProvider() {
            EgressPool p = egressPool();
            assertInvalid("egressPool.providerId",
                    () -> new EgressPool(p.id(), null, REGION, EgressKind.MAIN, p.exitCountries(), List.of(), 0, 1, true));
        }

        @Test
        void refusesAnEmptyOrNullHoldingExitCountrySet() {
            assertInvalid("egressPool.exitCountries", () -> with(Set.of(), List.of(), 0, 1));
            Set<CountryCode> withNull = new HashSet<>(Arrays.asList(CountryCode.of("DE"), null));
            assertInvalid("egressPool.exitCountries", () -> with(withNull, List.of(), 0, 1));
        }

        @Test
        void refusesMoreThan64ExitCountries() {
            Set<CountryCode> all = Arrays.stream(Locale.getISOCountries()).limit(65).map(CountryCode::of).collect(Collectors.toSet());
            assertInvalid("egressPool.exitCountries", () -> with(all, List.of(), 0, 1));
        }

        @ParameterizedTest
        @ValueSource(doubles = {1.5, -0.1, Double.NaN, Double.POSITIVE_INFINITY})
        void refusesLoadAndHeadroomOutsideZeroToOne(double bad) {
            EgressPool p = egressPool();
            assertInvalid("egressPool.load", () -> with(p.exitCountries(), List.of(), bad, 0.5));
            assertInvalid("egressPool.headroom", () -> with(p.exitCountries(), List.of(), 0.5, bad));
            assertInvalid("egressPool.load", () -> p.withLoad(bad, 0.5));
        }

        @Test
        void refusesAnInventoryWithANullAddress() {
            List<IpNetwork> ips = Arrays.asList(IpNetwork.parse("198.51.100.1"), null);
            assertInvalid("egressPool.ipInventory", () -> with(egressPool().exitCountries(), ips, 0, 1));
        }

        @Test
        void keepsExitCountriesSortedAndImmutable() {
            EgressPool p = with(new HashSet<>(Set.of(CountryCode.of("NL"), CountryCode.of("AT"), CountryCode.of("DE"))), List.of(), 0, 1);
            assertEquals(List.of("AT", "DE", "NL"), p.exitCountries().stream().map(CountryCode::value).toList());
            assertThrows(UnsupportedOperationException.class, () -> p.exitCountries().add(CountryCode.of("FR")));
            assertTrue(p.servesExit(CountryCode.of("NL")));
            assertFalse(p.servesExit(CountryCode.of("FR")));
        }
    }

    @Nested
    class AccessTiers {
        AccessTier with(String name, Set<RegionCode> regions, Set<CountryCode> exits, int sessionLimit, long byteLimit,
                SubstitutionPolicy substitution, List<EgressRule> rules) {
            return new AccessTier(accessTier().id(), name, regions, exits, sessionLimit, byteLimit, true, substitution, rules);
        }

        AccessTier withLimits(int sessionLimit, long byteLimit) {
            AccessTier t = accessTier();
            return with(t.name(), t.allowedRegions(), t.allowedExitCountries(), sessionLimit, byteLimit, t.substitution(), t.quarantineRules());
        }

        @Test
        void refusesMissingOrBlankParts() {
            AccessTier t = accessTier();
            assertInvalid("accessTier.id", () -> new AccessTier(null, "x", t.allowedRegions(), t.allowedExitCountries(), 1, 0, true,
                    SubstitutionPolicy.STRICT, List.of()));
            assertInvalid("accessTier.name", () -> with(null, t.allowedRegions(), t.allowedExitCountries(), 1, 0, SubstitutionPolicy.STRICT, List.of()));
            assertInvalid("accessTier.name", () -> with(" ", t.allowedRegions(), t.allowedExitCountries(), 1, 0, SubstitutionPolicy.STRICT, List.of()));
            assertInvalid("accessTier.name", () -> with("n".repeat(129), t.allowedRegions(), t.allowedExitCountries(), 1, 0, SubstitutionPolicy.STRICT, List.of()));
            assertInvalid("accessTier.substitution", () -> with("x", t.allowedRegions(), t.allowedExitCountries(), 1, 0, null, List.of()));
            assertInvalid("accessTier.quarantineRules", () -> with("x", t.allowedRegions(), t.allowedExitCountries(), 1, 0, SubstitutionPolicy.STRICT, null));
            assertInvalid("accessTier.quarantineRules", () -> with("x", t.allowedRegions(), t.allowedExitCountries(), 1, 0, SubstitutionPolicy.STRICT,
                    Arrays.asList(new EgressRule(EgressRule.Kind.SNI_TAG, "p2p"), null)));
        }

        @Test
        void refusesEmptyOrNullAllowedRegionsAndExitCountries() {
            AccessTier t = accessTier();
            assertInvalid("accessTier.allowedRegions", () -> with("x", Set.of(), t.allowedExitCountries(), 1, 0, SubstitutionPolicy.STRICT, List.of()));
            assertInvalid("accessTier.allowedRegions", () -> with("x", null, t.allowedExitCountries(), 1, 0, SubstitutionPolicy.STRICT, List.of()));
            assertInvalid("accessTier.allowedExitCountries", () -> with("x", t.allowedRegions(), Set.of(), 1, 0, SubstitutionPolicy.STRICT, List.of()));
            assertInvalid("accessTier.allowedExitCountries", () -> with("x", t.allowedRegions(), null, 1, 0, SubstitutionPolicy.STRICT, List.of()));
        }

        @ParameterizedTest
        @ValueSource(ints = {0, -1, 100_000_001})
        void refusesASessionLimitOutOfRange(int limit) {
            assertInvalid("accessTier.sessionLimit", () -> withLimits(limit, 0));
        }

        @Test
        void refusesANegativeByteLimitAndTreatsZeroAsUnlimited() {
            assertInvalid("accessTier.byteLimit", () -> withLimits(1, -1));
            assertFalse(withLimits(1, 0).hasByteLimit());
            assertTrue(withLimits(100_000_000, 1).hasByteLimit());
        }

        @Test
        void refusesMoreThan1024QuarantineRules() {
            AccessTier t = accessTier();
            List<EgressRule> rules = IntStream.range(0, 1025).mapToObj(i -> new EgressRule(EgressRule.Kind.SNI_TAG, "tag-" + i)).toList();
            assertInvalid("accessTier.quarantineRules", () -> with("x", t.allowedRegions(), t.allowedExitCountries(), 1, 0, SubstitutionPolicy.STRICT, rules));
        }

        @Test
        void copiesItsCollections() {
            Set<RegionCode> regions = new TreeSet<>(Set.of(REGION));
            List<EgressRule> rules = new ArrayList<>(List.of(new EgressRule(EgressRule.Kind.SNI_TAG, "p2p")));
            AccessTier t = with("x", regions, Set.of(CountryCode.of("DE")), 1, 0, SubstitutionPolicy.STRICT, rules);
            regions.add(RegionCode.of("us-east"));
            rules.clear();
            assertEquals(Set.of(REGION), t.allowedRegions());
            assertEquals(1, t.quarantineRules().size());
            assertThrows(UnsupportedOperationException.class, () -> t.allowedRegions().clear());
        }
    }

    @Nested
    class EgressRules {
        @Test
        void refusesMissingKindOrValue() {
            assertInvalid("egressRule.kind", () -> new EgressRule(null, "10.0.0.0/8"));
            for (EgressRule.Kind kind : EgressRule.Kind.values()) {
                assertInvalid("egressRule.value", () -> new EgressRule(kind, null));
                assertInvalid("egressRule.value", () -> new EgressRule(kind, " "));
            }
            assertInvalid("egressRule.value", () -> new EgressRule(EgressRule.Kind.DOMAIN, "a".repeat(254)));
        }

        @ParameterizedTest
        @ValueSource(strings = {"10.0.0.0/33", "10.0.0", "10.0.0.0/abc", "not-a-cidr", "10.0.0.0/", "2001:db8::/129", "256.1.1.1/8", "example.org"})
        void refusesMalformedCidrs(String cidr) {
            assertInvalid("egressRule.value", () -> new EgressRule(EgressRule.Kind.CIDR, cidr));
        }

        @ParameterizedTest
        @ValueSource(strings = {"example", "-bad.example.org", "bad-.example.org", "exa mple.org", "example..org", "*.*.example.org",
                "example.org.", "192.0.2.1", "ex_ample.org", "*example.org"})
        void refusesMalformedDomains(String domain) {
            assertInvalid("egressRule.value", () -> new EgressRule(EgressRule.Kind.DOMAIN, domain));
        }

        @ParameterizedTest
        @ValueSource(strings = {"Torrent", "tag with space", "_p2p", "-p2p", "p2p.tag", "tag/1"})
        void refusesMalformedTags(String tag) {
            assertInvalid("egressRule.value", () -> new EgressRule(EgressRule.Kind.SNI_TAG, tag));
        }

        @Test
        void refusesATagLongerThan64Characters() {
            assertEquals(64, new EgressRule(EgressRule.Kind.SNI_TAG, "t".repeat(64)).value().length());
            assertInvalid("egressRule.value", () -> new EgressRule(EgressRule.Kind.SNI_TAG, "t".repeat(65)));
        }

        @Test
        void normalisesNetworksAndDomains() {
            assertEquals("192.0.2.0/24", new EgressRule(EgressRule.Kind.CIDR, "192.0.2.77/24").value());
            assertEquals("2001:db8::/32", new EgressRule(EgressRule.Kind.CIDR, "2001:DB8:0:0::1/32").value());
            assertEquals("*.example.org", new EgressRule(EgressRule.Kind.DOMAIN, "*.Example.ORG").value());
        }
    }

    @Nested
    class Devices {
        @Test
        void refusesMissingParts() {
            assertInvalid("device.id", () -> new Device.Builder(null).name("x").build());
            assertInvalid("device.name", () -> deviceBuilder().name(null).build());
            assertInvalid("device.name", () -> deviceBuilder().name("\t").build());
            assertInvalid("device.name", () -> deviceBuilder().name("n".repeat(129)).build());
            assertInvalid("device.publicKey", () -> deviceBuilder().publicKey(null).build());
            assertInvalid("device.tunnelAddresses", () -> deviceBuilder().tunnelAddresses(null).build());
            assertInvalid("device.gatewayId", () -> deviceBuilder().gatewayId(null).build());
            assertInvalid("device.frontDoorId", () -> deviceBuilder().frontDoorId(null).build());
            assertInvalid("device.egressPoolId", () -> deviceBuilder().egressPoolId(null).build());
            assertInvalid("device.tierId", () -> deviceBuilder().tierId(null).build());
            assertInvalid("device.region", () -> deviceBuilder().region(null).build());
            assertInvalid("device.exitCountry", () -> deviceBuilder().exitCountry(null).build());
            assertInvalid("device.state", () -> deviceBuilder().state(null, null).build());
            assertInvalid("device.createdAt", () -> deviceBuilder().createdAt(null).build());
            assertInvalid("device.updatedAt", () -> deviceBuilder().updatedAt(null).build());
        }

        @Test
        void refusesNullOptionalsPassedToTheConstructor() {
            Device d = device();
            assertInvalid("device.quarantineEgressPoolId", () -> new Device(d.id(), d.name(), d.publicKey(), d.tunnelAddresses(),
                    d.gatewayId(), d.frontDoorId(), d.egressPoolId(), null, d.tierId(), d.region(), d.exitCountry(), d.state(),
                    d.suspension(), 0, 0, d.credentialHash(), 0, d.createdAt(), d.updatedAt()));
            assertInvalid("device.suspension", () -> new Device(d.id(), d.name(), d.publicKey(), d.tunnelAddresses(),
                    d.gatewayId(), d.frontDoorId(), d.egressPoolId(), d.quarantineEgressPoolId(), d.tierId(), d.region(),
                    d.exitCountry(), d.state(), null, 0, 0, d.credentialHash(), 0, d.createdAt(), d.updatedAt()));
        }

        @Test
        void refusesADeviceWithoutTunnelAddressesOrWithTooMany() {
            assertInvalid("device.tunnelAddresses", () -> deviceBuilder().tunnelAddresses(List.of()).build());
            List<IpNetwork> five = IntStream.range(10, 15).mapToObj(i -> IpNetwork.parse("10.44.0." + i + "/32")).toList();
            assertInvalid("device.tunnelAddresses", () -> deviceBuilder().tunnelAddresses(five).build());
            assertInvalid("device.tunnelAddresses", () -> deviceBuilder().tunnelAddresses(Arrays.asList(IpNetwork.parse("10.44.0.10"), null)).build());
        }

        @ParameterizedTest
        @ValueSource(strings = {"10.44.0.0/24", "0.0.0.0/0", "10.44.0.10/31", "fd44::/64", "::/0"})
        void refusesTunnelAddressesThatAreNotSingleHosts(String network) {
            assertInvalid("device.tunnelAddresses", () -> deviceBuilder().tunnelAddresses(List.of(IpNetwork.parse(network))).build());
        }

        @Test
        void refusesASuspensionWithoutReasonAndAReasonWithoutSuspension() {
            assertInvalid("device.suspension", () -> deviceBuilder().state(DeviceState.SUSPENDED, null).build());
            assertInvalid("device.suspension", () -> deviceBuilder().state(DeviceState.ACTIVE, SuspensionReason.ADMIN).build());
            assertInvalid("device.suspension", () -> deviceBuilder().state(DeviceState.REVOKED, SuspensionReason.OVER_QUOTA).build());
            Device suspended = deviceBuilder().state(DeviceState.SUSPENDED, SuspensionReason.OVER_QUOTA).build();
            assertEquals(SuspensionReason.OVER_QUOTA, suspended.suspension().orElseThrow());
        }

        @Test
        void refusesNegativeCounters() {
            assertInvalid("device.rxBytes", () -> deviceBuilder().usage(-1, 0).build());
            assertInvalid("device.txBytes", () -> deviceBuilder().usage(0, -1).build());
            assertInvalid("device.trustRootVersion", () -> deviceBuilder().trustRootVersion(-1).build());
            assertEquals(3, deviceBuilder().usage(1, 2).build().totalBytes());
        }

        @Test
        void refusesACredentialHashOfTheWrongLength() {
            assertInvalid("device.credentialHash", () -> deviceBuilder().credentialHash(null).build());
            assertInvalid("device.credentialHash", () -> deviceBuilder().credentialHash(new byte[31]).build());
            assertInvalid("device.credentialHash", () -> deviceBuilder().credentialHash(new byte[33]).build());
            assertInvalid("device.credentialHash", () -> deviceBuilder().credentialHash(new byte[0]).build());
        }

        @Test
        void keepsItsOwnCopyOfTheCredentialHash() {
            byte[] hash = filled(32, (byte) 4);
            Device d = deviceBuilder().credentialHash(hash).build();
            hash[0] = 0;
            d.credentialHash()[1] = 0;
            assertArrayEquals(filled(32, (byte) 4), d.credentialHash());
        }

        @Test
        void comparesCredentialHashesByContent() {
            assertEquals(device(), deviceBuilder().credentialHash(filled(32, (byte) 0x3c)).build());
            assertEquals(device().hashCode(), deviceBuilder().build().hashCode());
            assertFalse(device().equals(deviceBuilder().credentialHash(filled(32, (byte) 0x3d)).build()));
            assertEquals(device(), device().toBuilder().build());
        }

        @Test
        void doesNotShowItsCredentialHashInToString() {
            String s = device().toString();
            assertFalse(s.contains("credentialHash") || s.contains("[B@"), s);
        }
    }

    @Test
    void rebuildingAValidAggregateKeepsItEqual() {
        assertEquals(ModelSamples.gateway(), ModelSamples.gateway().toBuilder().build());
        assertEquals(ModelSamples.gateway(), ModelSamples.gateway().toBuilder().frontDoors(List.of(frontDoor(), secondFrontDoor())).build());
        assertEquals(accessTier(), accessTier());
    }
}
