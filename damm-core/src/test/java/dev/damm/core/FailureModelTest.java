package dev.damm.core;

import static dev.damm.core.testing.ControlPlaneFixture.EU;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.core.catalog.CatalogBuilder;
import dev.damm.core.catalog.CatalogEntry;
import dev.damm.core.catalog.CatalogScope;
import dev.damm.core.catalog.CatalogVerifier;
import dev.damm.core.catalog.ComponentRole;
import dev.damm.core.catalog.FrontDoor;
import dev.damm.core.catalog.PathComponent;
import dev.damm.core.catalog.Verification;
import dev.damm.core.client.FrontDoorFailover;
import dev.damm.core.enroll.EnrollmentResult;
import dev.damm.core.enroll.MintedPass;
import dev.damm.core.json.DammJson;
import dev.damm.core.metering.UsageReport;
import dev.damm.core.model.FrontDoorId;
import dev.damm.core.model.GatewayId;
import dev.damm.core.model.HeartbeatMetrics;
import dev.damm.core.model.SubstitutionPolicy;
import dev.damm.core.testing.ControlPlaneFixture;
import dev.damm.core.testing.StoreFingerprint;
import dev.damm.core.trust.DsseSigner;
import dev.damm.core.trust.Ed25519SigningKey;
import dev.damm.core.trust.InMemoryTrustStore;
import dev.damm.core.trust.KeyQuorum;
import dev.damm.core.trust.RejectionReason;
import dev.damm.core.trust.RootDocument;
import dev.damm.core.trust.RootUpdate;
import dev.damm.core.trust.RootVerifier;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.net.CountryCode;
import dev.damm.spi.net.Endpoint;
import dev.damm.spi.provider.ProviderErrors;
import dev.damm.spi.provider.ProviderId;
import dev.damm.spi.wireguard.WireGuardConfig;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The control plane's failure model, one test per failure: each is a
 * typed answer with a stable code, and a failed call leaves the store as it was.
 */
class FailureModelTest {
    private final ControlPlaneFixture f = new ControlPlaneFixture();

    private DammException expectUnchanged(ErrorCode code, Runnable call) {
        return StoreFingerprint.assertFailsUnchanged(f.store, code, call);
    }

    @Test
    void noHealthyGateway() {
        MintedPass pass = f.mint();
        expectUnchanged(ErrorCode.NO_HEALTHY_GATEWAY, () -> f.cp.enrollment().enroll(f.request(pass.secret(), f.randomKey())));
    }

    @Test
    void staleCatalogIsFlaggedThenRejectedPastValidUntil() {
        Ed25519SigningKey rootKey = Ed25519SigningKey.generate(new SecureRandom());
        Ed25519SigningKey catalogKey = Ed25519SigningKey.generate(new SecureRandom());
        RootDocument root = RootDocument.builder().version(1).expires(f.clock.instant().plus(Duration.ofDays(365)))
                .rootKeys(KeyQuorum.single(rootKey.publicKey())).catalogKeys(KeyQuorum.single(catalogKey.publicKey())).build();
        RootUpdate pinned = new RootVerifier().pin(new DsseSigner(RootDocument.PAYLOAD_TYPE, rootKey).sign(root.toJson()).toJson());
        CatalogScope scope = CatalogScope.of("eu-central", "standard");
        byte[] catalog = CatalogBuilder.builder().scope(scope).serial(1).clock(f.clock).freshFor(Duration.ofHours(1)).validFor(Duration.ofDays(1))
                .addEntry(new CatalogEntry("p1", List.of(PathComponent.of(ComponentRole.INGRESS, ProviderId.of("hetzner"))), 0.9, f.randomKey(),
                        CountryCode.of("DE"), List.of(FrontDoor.wireGuard("d1", Endpoint.parse("203.0.113.1:51820"), 0))))
                .sign(catalogKey).toJson();
        CatalogVerifier client = CatalogVerifier.builder(new InMemoryTrustStore(((RootUpdate.Accepted) pinned).root()), scope).clock(f.clock).build();
        f.clock.advance(Duration.ofHours(2));
        Verification stale = client.verify(catalog);
        assertTrue(((Verification.Trusted) stale).stale(), "past fresh-until: trusted but the client must refetch");
        f.clock.advance(Duration.ofDays(1));
        Verification.Rejected expired = assertInstanceOf(Verification.Rejected.class, client.verify(catalog));
        assertEquals(RejectionReason.EXPIRED, expired.reason());
        assertEquals(ErrorCode.CATALOG_STALE, expired.reason().errorCode());
    }

    @Test
    void revokedDevice() {
        f.addGateway("gw-a", EU, "hetzner");
        EnrollmentResult r = f.enroll();
        f.cp.devices().revoke(r.device().id(), "admin");
        expectUnchanged(ErrorCode.DEVICE_REVOKED, () -> f.cp.enrollment().reissue(r.credential()));
        expectUnchanged(ErrorCode.DEVICE_REVOKED, () -> f.cp.devices().rotateKey(r.credential(), f.randomKey().base64()));
    }

    @Test
    void suspendedAndOverQuotaDevices() {
        f.cp.putTier(ControlPlaneFixture.tier(SubstitutionPolicy.STRICT, 100, 1000), "admin");
        String token = f.addGateway("gw-a", EU, "hetzner");
        EnrollmentResult quota = f.enroll();
        EnrollmentResult admin = f.enroll();
        f.cp.metering().apply(f.cp.gateways().authenticate(token),
                new UsageReport("r1", List.of(new UsageReport.PeerCounters(quota.device().publicKey(), 900, 200))));
        expectUnchanged(ErrorCode.DEVICE_OVER_QUOTA, () -> f.cp.enrollment().reissue(quota.credential()));
        f.cp.devices().suspend(admin.device().id(), "admin");
        expectUnchanged(ErrorCode.DEVICE_SUSPENDED, () -> f.cp.enrollment().reissue(admin.credential()));
    }

    @Test
    void heartbeatBeforeRegistration() {
        var p = f.cp.gateways().provision(GatewayId.of("gw-new"), "new", EU, ProviderId.of("hetzner"), "admin");
        expectUnchanged(ErrorCode.GATEWAY_NOT_REGISTERED, () -> f.cp.gateways().heartbeat(p.token(), HeartbeatMetrics.IDLE));
    }

    @Test
    void oversizedBodiesAreRefusedBeforeParsing() {
        byte[] big = ("{\"x\":\"" + "a".repeat(70_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        DammException json = assertThrows(DammException.class, () -> DammJson.readBounded(big, Map.class, 64 * 1024));
        assertEquals(ErrorCode.PAYLOAD_TOO_LARGE, json.errorCode());
        DammException conf = assertThrows(DammException.class, () -> WireGuardConfig.parse("#".repeat(70_000)));
        assertEquals(ErrorCode.PAYLOAD_TOO_LARGE, conf.errorCode());
    }

    @Test
    void malformedInputIsTypedAndNamesTheField() {
        DammException e = assertThrows(DammException.class,
                () -> DammJson.readBounded("{\"a\":".getBytes(StandardCharsets.UTF_8), Map.class, 1024));
        assertEquals(ErrorCode.MALFORMED_INPUT, e.errorCode());
        f.addGateway("gw-a", EU, "hetzner");
        MintedPass pass = f.mint();
        DammException key = expectUnchanged(ErrorCode.INVALID_ARGUMENT,
                () -> f.cp.enrollment().enroll(new dev.damm.core.enroll.EnrollmentRequest(pass.secret(), "not-a-key",
                        java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty(), false, "192.0.2.1")));
        assertTrue(key.getMessage().startsWith("publicKey"), key.getMessage());
    }

    @Test
    void noAlternateFrontDoorOnFailover() {
        f.addGateway("gw-a", EU, "hetzner");
        var peer = f.enroll().peer();
        DammException e = assertThrows(DammException.class,
                () -> FrontDoorFailover.next(peer, Set.of(FrontDoorId.of("gw-a-t0"), FrontDoorId.of("gw-a-t1"))));
        assertEquals(ErrorCode.NO_ALTERNATE_FRONT_DOOR, e.errorCode());
    }

    @Test
    void addressPoolExhausted() {
        var plan = new dev.damm.core.ipam.AddressPlan(dev.damm.spi.net.IpNetwork.parse("10.46.0.0/29"), java.util.Optional.empty(), 1, 6,
                Duration.ofDays(1));
        ControlPlaneFixture small = new ControlPlaneFixture(new dev.damm.core.store.InMemoryStore(), plan, SubstitutionPolicy.STRICT);
        small.addGateway("gw-a", EU, "hetzner");
        small.enroll(); // offset 6 is the only client address of a /29 starting at .6
        MintedPass pass = small.mint();
        StoreFingerprint before = StoreFingerprint.of(small.store);
        DammException e = assertThrows(DammException.class, () -> small.cp.enrollment().enroll(small.request(pass.secret(), small.randomKey())));
        assertEquals(ErrorCode.ADDRESS_POOL_EXHAUSTED, e.errorCode());
        assertEquals(before, StoreFingerprint.of(small.store));
    }

    @Test
    void providerRateLimitedAndDownAreRetryable() {
        ProviderErrors errors = ProviderErrors.using(f.clock);
        DammException limited = errors.fromHttp(ProviderId.of("hetzner"), "create server", 429, Map.of("Retry-After", List.of("30")));
        assertEquals(ErrorCode.PROVIDER_RATE_LIMITED, limited.errorCode());
        assertTrue(limited.retryable());
        assertEquals(Duration.ofSeconds(30), limited.retryAfter().orElseThrow());
        DammException down = errors.fromHttp(ProviderId.of("hetzner"), "list servers", 503, Map.of());
        assertEquals(ErrorCode.PROVIDER_UNAVAILABLE, down.errorCode());
        assertTrue(down.retryable());
        assertFalse(errors.fromHttp(ProviderId.of("hetzner"), "create server", 422, Map.of()).retryable());
    }
}
