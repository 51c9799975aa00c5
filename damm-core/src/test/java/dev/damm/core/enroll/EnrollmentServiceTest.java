package dev.damm.core.enroll;

import static dev.damm.core.testing.ControlPlaneFixture.DE;
import static dev.damm.core.testing.ControlPlaneFixture.EU;
import static dev.damm.core.testing.ControlPlaneFixture.US;
import static dev.damm.core.testing.ControlPlaneFixture.US_C;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.core.ipam.AddressPlan;
import dev.damm.core.model.AccessTierId;
import dev.damm.core.model.Device;
import dev.damm.core.model.DeviceState;
import dev.damm.core.model.EgressPoolId;
import dev.damm.core.model.FrontDoorId;
import dev.damm.core.model.GatewayId;
import dev.damm.core.model.SubstitutionPolicy;
import dev.damm.core.store.InMemoryStore;
import dev.damm.core.testing.ControlPlaneFixture;
import dev.damm.core.testing.StoreFingerprint;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.net.IpNetwork;
import dev.damm.spi.wireguard.WireGuardKey;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class EnrollmentServiceTest {

    private static DammException expect(ErrorCode code, Runnable call) {
        DammException e = assertThrows(DammException.class, call::run);
        assertEquals(code, e.errorCode(), e.getMessage());
        return e;
    }

    /** Asserts the call fails with {@code code} and leaves the store exactly as it was. */
    private static DammException expectUnchanged(ControlPlaneFixture f, ErrorCode code, Runnable call) {
        return StoreFingerprint.assertFailsUnchanged(f.store, code, call);
    }

    @Test
    void enrollsADeviceWithPeerMaterialAddressesAndAnExplanation() {
        ControlPlaneFixture f = new ControlPlaneFixture();
        f.addGateway("gw-a", EU, "hetzner");
        EnrollmentResult r = f.enroll();
        Device d = r.device();
        assertEquals(DeviceState.ACTIVE, d.state());
        assertEquals(IpNetwork.parse("10.44.0.10/32"), d.tunnelAddresses().get(0), "first client address is .10 (the default plan keeps .1-.9 for the gateway side)");
        assertEquals(GatewayId.of("gw-a"), d.gatewayId());
        assertEquals(FrontDoorId.of("gw-a-t0"), r.peer().frontDoor().id(), "priority 10 door beats priority 20");
        assertEquals(1, r.peer().alternates().size());
        assertEquals(FrontDoorId.of("gw-a-t1"), r.peer().alternates().get(0).frontDoor().id());
        assertEquals(EgressPoolId.of("eg-eu-main"), d.egressPoolId());
        assertEquals(Optional.of(EgressPoolId.of("eg-eu-q")), d.quarantineEgressPoolId());
        assertEquals(DE, d.exitCountry());
        assertTrue(r.credential().startsWith("dc_"));
        assertFalse(r.substituted());
        assertTrue(r.explanation().stream().anyMatch(l -> l.contains("gateway gw-a")), r.explanation().toString());
        assertFalse(r.toString().contains(r.credential()), "credential must not leak through toString");
        // Only the hash of the credential is stored.
        assertTrue(f.store.inTransaction(tx -> tx.devices().findByCredentialHash(Secrets.hash(r.credential()))).isPresent());
    }

    @Test
    void secondDeviceGetsTheNextAddress() {
        ControlPlaneFixture f = new ControlPlaneFixture();
        f.addGateway("gw-a", EU, "hetzner");
        f.enroll();
        assertEquals(IpNetwork.parse("10.44.0.11/32"), f.enroll().device().tunnelAddresses().get(0));
    }

    /**
     * A write that throws, even an {@code Error}, reaches the caller unchanged and leaks no
     * address: the reservation is closed, so the next enrollment gets the same address.
     */
    @Test
    void aWriteThatThrowsAnErrorLeaksNoAddressAndTheErrorReachesTheCaller() {
        InMemoryStore memory = new InMemoryStore();
        Error broke = new Error("the store broke mid-write");
        java.util.concurrent.atomic.AtomicBoolean failNext = new java.util.concurrent.atomic.AtomicBoolean(true);
        dev.damm.core.store.DammStore failing = new dev.damm.core.store.DammStore() {
            @Override
            public <T> T inTransaction(java.util.function.Function<dev.damm.core.store.StoreTransaction, T> work) {
                return memory.inTransaction(work);
            }

            @Override
            public dev.damm.core.store.EnrollmentOutcome enroll(dev.damm.core.store.EnrollmentWrite write) {
                if (failNext.getAndSet(false)) {
                    throw broke;
                }
                return memory.enroll(write);
            }

            @Override
            public void close() {
                memory.close();
            }
        };
        ControlPlaneFixture f = new ControlPlaneFixture(failing, AddressPlan.defaults(), SubstitutionPolicy.STRICT);
        f.addGateway("gw-a", EU, "hetzner");
        MintedPass pass = f.mint();
        WireGuardKey key = f.randomKey();
        assertSame(broke, assertThrows(Error.class, () -> f.cp.enrollment().enroll(f.request(pass.secret(), key))));
        assertEquals(IpNetwork.parse("10.44.0.10/32"), f.enroll().device().tunnelAddresses().get(0));
    }

    @Test
    void noHealthyGatewayIsItsOwnErrorAndConsumesNothing() {
        ControlPlaneFixture f = new ControlPlaneFixture();
        MintedPass pass = f.mint();
        expectUnchanged(f, ErrorCode.NO_HEALTHY_GATEWAY, () -> f.cp.enrollment().enroll(f.request(pass.secret(), f.randomKey())));
        f.addGateway("gw-a", EU, "hetzner");
        // The pass was not consumed by the failed attempt.
        f.cp.enrollment().enroll(f.request(pass.secret(), f.randomKey()));
    }

    @Test
    void aGatewayWhoseHeartbeatWentStaleIsNotHealthy() {
        ControlPlaneFixture f = new ControlPlaneFixture();
        f.addGateway("gw-a", EU, "hetzner");
        MintedPass pass = f.mint();
        f.clock.advance(Duration.ofSeconds(91));
        expectUnchanged(f, ErrorCode.NO_HEALTHY_GATEWAY, () -> f.cp.enrollment().enroll(f.request(pass.secret(), f.randomKey())));
    }

    @Test
    void unknownExpiredAndUsedPassesAreRefused() {
        ControlPlaneFixture f = new ControlPlaneFixture();
        f.addGateway("gw-a", EU, "hetzner");
        expectUnchanged(f, ErrorCode.INSTALL_PASS_INVALID,
                () -> f.cp.enrollment().enroll(f.request("dp_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", f.randomKey())));
        expectUnchanged(f, ErrorCode.INSTALL_PASS_INVALID, () -> f.cp.enrollment().enroll(f.request("not-a-pass", f.randomKey())));
        MintedPass pass = f.mint();
        f.cp.enrollment().enroll(f.request(pass.secret(), f.randomKey()));
        DammException used = expectUnchanged(f, ErrorCode.INSTALL_PASS_INVALID,
                () -> f.cp.enrollment().enroll(f.request(pass.secret(), f.randomKey())));
        assertTrue(used.getMessage().startsWith("installPass:"), used.getMessage());
        MintedPass old = f.mint();
        f.clock.advance(Duration.ofHours(2));
        f.addGateway("gw-b", EU, "hetzner"); // keep a fresh gateway so only the pass is at fault
        expectUnchanged(f, ErrorCode.INSTALL_PASS_INVALID, () -> f.cp.enrollment().enroll(f.request(old.secret(), f.randomKey())));
    }

    @Test
    void privateKeyMaterialIsRefusedWithItsOwnCode() {
        ControlPlaneFixture f = new ControlPlaneFixture();
        f.addGateway("gw-a", EU, "hetzner");
        MintedPass pass = f.mint();
        expectUnchanged(f, ErrorCode.PRIVATE_KEY_REFUSED, () -> f.cp.enrollment().enroll(new dev.damm.core.enroll.EnrollmentRequest(
                pass.secret(), "PrivateKey = yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=", Optional.empty(), Optional.empty(),
                Optional.empty(), false, "192.0.2.1")));
        expectUnchanged(f, ErrorCode.PRIVATE_KEY_REFUSED, () -> f.cp.enrollment().enroll(new dev.damm.core.enroll.EnrollmentRequest(
                pass.secret(), "-----BEGIN PRIVATE KEY-----", Optional.empty(), Optional.empty(), Optional.empty(), false, "192.0.2.1")));
        DammException bad = expectUnchanged(f, ErrorCode.INVALID_ARGUMENT,
                () -> f.cp.enrollment().enroll(new dev.damm.core.enroll.EnrollmentRequest(pass.secret(), "abc", Optional.empty(),
                        Optional.empty(), Optional.empty(), false, "192.0.2.1")));
        assertTrue(bad.getMessage().startsWith("publicKey"), bad.getMessage());
    }

    @Test
    void aPublicKeyCanOnlyBeEnrolledOnce() {
        ControlPlaneFixture f = new ControlPlaneFixture();
        f.addGateway("gw-a", EU, "hetzner");
        var key = f.randomKey();
        f.cp.enrollment().enroll(f.request(f.mint().secret(), key));
        MintedPass pass = f.mint();
        expectUnchanged(f, ErrorCode.CONFLICT, () -> f.cp.enrollment().enroll(f.request(pass.secret(), key)));
    }

    @Test
    void strictPolicyNeverSubstitutesARegionOrExitCountry() {
        ControlPlaneFixture f = new ControlPlaneFixture();
        f.addGateway("gw-us", US, "digitalocean");
        MintedPass pass = f.mint();
        DammException region = expectUnchanged(f, ErrorCode.REGION_UNAVAILABLE,
                () -> f.cp.enrollment().enroll(f.request(pass.secret(), f.randomKey())));
        assertTrue(region.getMessage().startsWith("region:"), region.getMessage());
        f.addGateway("gw-eu", EU, "hetzner");
        DammException exit = expectUnchanged(f, ErrorCode.EXIT_COUNTRY_UNAVAILABLE, () -> f.cp.enrollment().enroll(
                new EnrollmentRequest(pass.secret(), f.randomKey().base64(), Optional.empty(), Optional.of(EU), Optional.of(US_C), false, "192.0.2.9")));
        assertTrue(exit.getMessage().startsWith("exitCountry:"), exit.getMessage());
    }

    @Test
    void allowSubstitutePlacesElsewhereAndSaysSo() {
        ControlPlaneFixture f = new ControlPlaneFixture(new InMemoryStore(), AddressPlan.defaults(), SubstitutionPolicy.ALLOW_SUBSTITUTE);
        f.addGateway("gw-us", US, "digitalocean");
        EnrollmentResult r = f.cp.enrollment().enroll(new EnrollmentRequest(f.mint().secret(), f.randomKey().base64(),
                Optional.empty(), Optional.of(EU), Optional.of(US_C), false, "192.0.2.9"));
        assertTrue(r.substituted());
        assertEquals(US, r.device().region());
        assertEquals(US_C, r.device().exitCountry(), "the exit country is kept by moving region");
        assertTrue(r.explanation().get(0).startsWith("substituted:"), r.explanation().toString());
    }

    @Test
    void aTierForbiddingTheRegionOrExitIsAPolicyDenial() {
        ControlPlaneFixture f = new ControlPlaneFixture();
        f.addGateway("gw-a", EU, "hetzner");
        MintedPass pass = f.mint();
        expectUnchanged(f, ErrorCode.POLICY_DENIED, () -> f.cp.enrollment().enroll(new EnrollmentRequest(pass.secret(),
                f.randomKey().base64(), Optional.empty(), Optional.of(dev.damm.spi.net.RegionCode.of("ap-south")), Optional.empty(), false, "192.0.2.9")));
        expectUnchanged(f, ErrorCode.POLICY_DENIED, () -> f.cp.enrollment().enroll(new EnrollmentRequest(pass.secret(),
                f.randomKey().base64(), Optional.empty(), Optional.of(EU), Optional.of(dev.damm.spi.net.CountryCode.of("FR")), false, "192.0.2.9")));
    }

    @Test
    void theSessionLimitOfATierIsEnforced() {
        ControlPlaneFixture f = new ControlPlaneFixture();
        f.cp.putTier(ControlPlaneFixture.tier(SubstitutionPolicy.STRICT, 1, 0), "admin");
        f.addGateway("gw-a", EU, "hetzner");
        f.enroll();
        MintedPass pass = f.mint();
        expectUnchanged(f, ErrorCode.SESSION_LIMIT_REACHED, () -> f.cp.enrollment().enroll(f.request(pass.secret(), f.randomKey())));
    }

    @Test
    void anExhaustedPoolIsItsOwnErrorAndRevokedAddressesReturnOnlyAfterQuarantine() {
        AddressPlan tiny = new AddressPlan(IpNetwork.parse("10.45.0.0/29"), Optional.empty(), 1, 2, Duration.ofHours(1));
        ControlPlaneFixture f = new ControlPlaneFixture(new InMemoryStore(), tiny, SubstitutionPolicy.STRICT);
        f.addGateway("gw-a", EU, "hetzner");
        Device first = null;
        for (int i = 0; i < 5; i++) { // offsets 2..6 of a /29
            Device d = f.enroll().device();
            if (first == null) {
                first = d;
            }
        }
        MintedPass pass = f.mint();
        expect(ErrorCode.ADDRESS_POOL_EXHAUSTED, () -> f.cp.enrollment().enroll(f.request(pass.secret(), f.randomKey())));
        f.cp.devices().revoke(first.id(), "admin");
        expect(ErrorCode.ADDRESS_POOL_EXHAUSTED, () -> f.cp.enrollment().enroll(f.request(pass.secret(), f.randomKey())));
        f.clock.advance(Duration.ofMinutes(61));
        f.addGateway("gw-b", EU, "hetzner");
        Device reused = f.cp.enrollment().enroll(f.request(f.mint().secret(), f.randomKey())).device();
        assertEquals(first.tunnelAddresses(), reused.tunnelAddresses(), "the quarantined address is reused after quarantine");
    }

    @Test
    void aRetiredTierCannotMintPasses() {
        ControlPlaneFixture f = new ControlPlaneFixture();
        var t = ControlPlaneFixture.tier(SubstitutionPolicy.STRICT, 10, 0);
        f.cp.putTier(new dev.damm.core.model.AccessTier(t.id(), t.name(), t.allowedRegions(), t.allowedExitCountries(), 10, 0, false,
                t.substitution(), t.quarantineRules()), "admin");
        expectUnchanged(f, ErrorCode.POLICY_DENIED, () -> f.mint());
        expectUnchanged(f, ErrorCode.NOT_FOUND, () -> f.cp.passes().mint(AccessTierId.of("nope"), Duration.ofHours(1), "admin", "192.0.2.1"));
        expectUnchanged(f, ErrorCode.INVALID_ARGUMENT, () -> f.cp.passes().mint(ControlPlaneFixture.TIER, Duration.ofDays(31), "admin", "192.0.2.1"));
    }

    @Test
    void quarantineSessionRoutesEverythingThroughTheQuarantinedPool() {
        ControlPlaneFixture f = new ControlPlaneFixture();
        f.addGateway("gw-a", EU, "hetzner");
        EnrollmentResult r = f.cp.enrollment().enroll(new EnrollmentRequest(f.mint().secret(), f.randomKey().base64(),
                Optional.empty(), Optional.of(EU), Optional.of(DE), true, "192.0.2.5"));
        assertEquals(EgressPoolId.of("eg-eu-q"), r.device().egressPoolId());
    }

    @Test
    void alternatesPreferAnotherProvider() {
        ControlPlaneFixture f = new ControlPlaneFixture();
        f.addGateway("gw-a", EU, "hetzner");
        f.addGateway("gw-b", EU, "hetzner");
        f.addGateway("gw-c", EU, "digitalocean");
        EnrollmentResult r = f.enroll();
        assertEquals(GatewayId.of("gw-a"), r.device().gatewayId(), "equal scores: lowest id wins");
        assertEquals(FrontDoorId.of("gw-a-t1"), r.peer().alternates().get(0).frontDoor().id(), "same gateway's doors first");
        assertEquals(FrontDoorId.of("gw-c-t0"), r.peer().alternates().get(1).frontDoor().id(), "then another provider");
        assertNotEquals(r.peer().gatewayPublicKey(), r.peer().alternates().get(1).gatewayPublicKey());
    }

    @Test
    void mintsAndEnrollmentsAreRateLimitedPerAddress() {
        ControlPlaneFixture f = new ControlPlaneFixture();
        var cp = dev.damm.core.ControlPlane.builder(f.store).clock(f.clock).random(new java.util.SplittableRandom(1))
                .trustAnchor(() -> new TrustAnchor(1, new byte[] {1}))
                .mintLimits(dev.damm.core.ratelimit.BucketShape.perHour(2), dev.damm.core.ratelimit.BucketShape.perHour(1),
                        dev.damm.core.ratelimit.BucketShape.perHour(1000))
                .build();
        cp.passes().mint(ControlPlaneFixture.TIER, Duration.ofHours(1), "public", "198.51.100.1");
        cp.passes().mint(ControlPlaneFixture.TIER, Duration.ofHours(1), "public", "198.51.100.1");
        DammException e = expectUnchanged(f, ErrorCode.RATE_LIMITED,
                () -> cp.passes().mint(ControlPlaneFixture.TIER, Duration.ofHours(1), "public", "198.51.100.1"));
        assertTrue(e.retryable());
        assertTrue(e.retryAfter().isPresent());
        cp.passes().mint(ControlPlaneFixture.TIER, Duration.ofHours(1), "public", "198.51.100.2");
        f.clock.advance(Duration.ofMinutes(31)); // greedy refill: one token back after half the period
        cp.passes().mint(ControlPlaneFixture.TIER, Duration.ofHours(1), "public", "198.51.100.1");
    }

    @Test
    void reissueNeverCarriesAPrivateKeyAndRefusesSuspendedDevices() {
        ControlPlaneFixture f = new ControlPlaneFixture();
        f.addGateway("gw-a", EU, "hetzner");
        EnrollmentResult r = f.enroll();
        PeerMaterial again = f.cp.enrollment().reissue(r.credential());
        assertEquals(r.peer().gatewayPublicKey(), again.gatewayPublicKey());
        assertEquals(r.device().tunnelAddresses(), again.tunnelAddresses());
        f.cp.devices().suspend(r.device().id(), "admin");
        expect(ErrorCode.DEVICE_SUSPENDED, () -> f.cp.enrollment().reissue(r.credential()));
        f.cp.devices().revoke(r.device().id(), "admin");
        expect(ErrorCode.DEVICE_REVOKED, () -> f.cp.enrollment().reissue(r.credential()));
        expect(ErrorCode.UNAUTHENTICATED, () -> f.cp.enrollment().reissue("dc_nope"));
    }

    @Test
    void theTrustAnchorIsReadOncePerEnrollmentAndPinnedOnTheDevice() {
        // The trust anchor is read once per enrollment, before the transaction.
        int[] calls = {0};
        Supplier<TrustAnchor> counting = () -> {
            calls[0]++;
            return new TrustAnchor(3, new byte[] {3});
        };
        ControlPlaneFixture f = new ControlPlaneFixture();
        var cp = dev.damm.core.ControlPlane.builder(f.store).clock(f.clock).random(new java.util.SplittableRandom(2)).trustAnchor(counting).build();
        f.addGateway("gw-a", EU, "hetzner");
        EnrollmentResult r = cp.enrollment().enroll(f.request(f.mint().secret(), f.randomKey()));
        assertEquals(1, calls[0]);
        assertEquals(3, r.device().trustRootVersion());
    }
}
