package dev.damm.core.store;

import static dev.damm.core.store.StoreFixtures.GATEWAY;
import static dev.damm.core.store.StoreFixtures.T0;
import static dev.damm.core.store.StoreFixtures.TIER;
import static dev.damm.core.store.StoreFixtures.audit;
import static dev.damm.core.store.StoreFixtures.device;
import static dev.damm.core.store.StoreFixtures.egressPool;
import static dev.damm.core.store.StoreFixtures.gateway;
import static dev.damm.core.store.StoreFixtures.key;
import static dev.damm.core.store.StoreFixtures.pass;
import static dev.damm.core.store.StoreFixtures.publication;
import static dev.damm.core.store.StoreFixtures.tier;
import static dev.damm.core.store.StoreFixtures.withState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.core.model.AccessTier;
import dev.damm.core.model.AccessTierId;
import dev.damm.core.model.Device;
import dev.damm.core.model.DeviceId;
import dev.damm.core.model.DeviceState;
import dev.damm.core.model.EgressPool;
import dev.damm.core.model.EgressPoolId;
import dev.damm.core.model.FrontDoor;
import dev.damm.core.model.FrontDoorId;
import dev.damm.core.model.Gateway;
import dev.damm.core.model.GatewayId;
import dev.damm.core.model.GatewayStatus;
import dev.damm.core.model.HeartbeatMetrics;
import dev.damm.core.model.SubstitutionPolicy;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.transport.TransportTier;
import dev.damm.spi.wireguard.WireGuardKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The semantics every {@link DammStore} must have, with {@link InMemoryStore} as the reference.
 * An implementation's test extends this class and supplies a fresh, empty store per test.
 */
public abstract class DammStoreContract {
    private static final String POOL_V4 = "gw-1/v4";
    private static final Duration QUARANTINE = Duration.ofHours(1);

    protected DammStore store;

    /** A new, empty store; called before every test and closed after it. */
    protected abstract DammStore newStore();

    @BeforeEach
    void openStore() {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    protected <T> T tx(Function<StoreTransaction, T> work) {
        return store.inTransaction(work);
    }

    protected long txLong(java.util.function.ToLongFunction<StoreTransaction> work) {
        return store.inTransaction(t -> work.applyAsLong(t));
    }

    protected boolean txBool(java.util.function.Predicate<StoreTransaction> work) {
        return store.inTransaction(t -> work.test(t));
    }

    protected void run(Consumer<StoreTransaction> work) {
        store.inTransaction(t -> {
            work.accept(t);
            return null;
        });
    }

    /** Asserts CONFLICT (or another code) whose message starts with the field name. */
    protected static DammException assertFails(ErrorCode code, String fieldPrefix, Executable call) {
        DammException e = assertThrows(DammException.class, call);
        assertEquals(code, e.errorCode(), e.getMessage());
        assertTrue(e.getMessage().startsWith(fieldPrefix), () -> "message should start with " + fieldPrefix + ": " + e.getMessage());
        return e;
    }

    // ---- enrollment lookup and write --------------------------------------------------------

    @Nested
    class Enrollments {
        private final Duration ttl = Duration.ofSeconds(90);

        @BeforeEach
        void fleet() {
            run(t -> {
                t.accessTiers().insert(tier(TIER.value()));
                t.gateways().insert(gateway(1));
                t.egressPools().insert(egressPool(StoreFixtures.POOL.value()));
                t.installPasses().insert(pass(1));
                t.installPasses().insert(pass(2));
            });
        }

        private List<AddressClaim> claims(long offset) {
            return List.of(new AddressClaim(POOL_V4, offset), new AddressClaim("gw-1/v6", offset));
        }

        private EnrollmentWrite write(Device d, long pass, long offset) {
            return new EnrollmentWrite(d, pass(pass).secretHash(), claims(offset), d.createdAt().minus(QUARANTINE), ttl,
                    AuditEvent.of(d.createdAt(), "pass:pass-" + pass, "device.enroll", "device:" + d.id(), null, "{\"id\":\"" + d.id() + "\"}"));
        }

        /** Everything a refused enrollment could have touched, to compare before and after. */
        private List<Object> footprint() {
            return tx(t -> List.of(t.devices().count(), t.audit().list(0, 1000).size(), t.devices().countByTier(TIER, DeviceState.ACTIVE),
                    t.installPasses().find("pass-1").orElseThrow().usedBy(), t.installPasses().find("pass-2").orElseThrow().usedBy(),
                    t.addressLeases().countTaken(POOL_V4, T0.minus(QUARANTINE)), t.addressLeases().countTaken("gw-1/v6", T0.minus(QUARANTINE))));
        }

        private EnrollmentOutcome refused(EnrollmentWrite w) {
            List<Object> before = footprint();
            EnrollmentOutcome o = store.enroll(w);
            assertFalse(o instanceof EnrollmentOutcome.Enrolled, "expected a refusal");
            assertEquals(before, footprint(), "a refused enrollment wrote something");
            return o;
        }

        @Test
        void enrollRedeemsLeasesInsertsCountsAndAuditsAtOnce() {
            Device d = device(1);
            assertEquals(new EnrollmentOutcome.Enrolled(), store.enroll(write(d, 1, 2)));
            assertEquals(d, tx(t -> t.devices().find(d.id())).orElseThrow());
            InstallPass used = tx(t -> t.installPasses().find("pass-1")).orElseThrow();
            assertEquals(Optional.of(d.id()), used.usedBy());
            assertEquals(Optional.of(d.createdAt()), used.usedAt());
            assertFalse(txBool(t -> t.addressLeases().isFree(POOL_V4, 2, T0.plusSeconds(86_400))));
            assertFalse(txBool(t -> t.addressLeases().isFree("gw-1/v6", 2, T0.plusSeconds(86_400))));
            assertEquals(1L, txLong(t -> t.devices().countByTier(TIER, DeviceState.ACTIVE)));
            List<AuditEvent> events = tx(t -> t.audit().listByTarget("device:dev-1", 10));
            assertEquals(1, events.size());
            assertEquals("pass:pass-1", events.get(0).actor());
            assertEquals(Optional.of("{\"id\":\"dev-1\"}"), events.get(0).after());
        }

        @Test
        void lookupReadsThePassItsTierTheCountAndTheKey() {
            EnrollmentLookup before = store.lookupEnrollment(pass(1).secretHash(), device(1).publicKey());
            assertEquals("pass-1", before.pass().orElseThrow().id());
            assertEquals(tier(TIER.value()), before.tier().orElseThrow());
            assertEquals(0, before.activeDevices());
            assertFalse(before.publicKeyTaken());
            store.enroll(write(device(1), 1, 2));
            EnrollmentLookup after = store.lookupEnrollment(pass(1).secretHash(), device(1).publicKey());
            assertTrue(after.pass().orElseThrow().isUsed());
            assertEquals(1, after.activeDevices());
            assertTrue(after.publicKeyTaken());
        }

        @Test
        void lookupOfAnUnknownPassFindsNothing() {
            EnrollmentLookup none = store.lookupEnrollment(pass(99).secretHash(), device(1).publicKey());
            assertEquals(new EnrollmentLookup(Optional.empty(), Optional.empty(), 0, false), none);
        }

        @Test
        void anUnknownPassOrOneOfAnotherTierIsUnknown() {
            assertEquals(new EnrollmentOutcome.PassUnknown(), refused(write(device(1), 99, 2)));
            Device otherTier = device(1, GATEWAY, AccessTierId.of("other"));
            assertEquals(new EnrollmentOutcome.PassUnknown(), refused(write(otherTier, 1, 2)));
        }

        @Test
        void aUsedPassIsRefusedWhenNothingElseIsTaken() {
            store.enroll(write(device(1), 1, 2));
            // Another device, key and address: only the pass was used before.
            assertEquals(new EnrollmentOutcome.PassUsed(), refused(write(device(2), 1, 3)));
        }

        @Test
        void aUsedPassIsRefusedEvenIfEverythingElseIsTakenToo() {
            store.enroll(write(device(1), 1, 2));
            // Same pass, same key, same address: the pass is the first rule.
            Device again = device(2).toBuilder().publicKey(device(1).publicKey()).build();
            assertEquals(new EnrollmentOutcome.PassUsed(), refused(write(again, 1, 2)));
        }

        @Test
        void anExpiredPassSaysWhenItExpired() {
            Instant late = pass(1).expiresAt();
            Device d = device(1).toBuilder().createdAt(late).updatedAt(late).build();
            assertEquals(new EnrollmentOutcome.PassExpired(late), refused(write(d, 1, 2)));
        }

        @Test
        void aTierThatNoLongerExistsIsRefused() {
            AccessTierId gone = AccessTierId.of("gone");
            run(t -> t.installPasses().insert(pass(3, gone)));
            assertEquals(new EnrollmentOutcome.TierMissing(), refused(write(device(3, GATEWAY, gone), 3, 2)));
        }

        @Test
        void theSessionLimitCountsActiveDevicesOfTheTier() {
            AccessTier t1 = tier(TIER.value());
            run(t -> t.accessTiers().update(new AccessTier(t1.id(), t1.name(), t1.allowedRegions(), t1.allowedExitCountries(), 1,
                    t1.byteLimit(), true, t1.substitution(), t1.quarantineRules())));
            assertEquals(new EnrollmentOutcome.Enrolled(), store.enroll(write(device(1), 1, 2)));
            assertEquals(new EnrollmentOutcome.SessionLimitReached(1), refused(write(device(2), 2, 3)));
        }

        /**
         * The session limit is exact at the store's default isolation: of 64 enrollments racing into
         * a tier with room for 10, exactly 10 enroll and the rest are told the limit was reached.
         * Half of them write on their own (a store may commit those together), half inside a
         * transaction of their caller, where the repository steps run; both paths race each other.
         */
        @Test
        void parallelEnrollmentsNeverOvershootTheSessionLimit() throws Exception {
            int limit = 10;
            int racers = 64;
            AccessTier t1 = tier(TIER.value());
            run(t -> {
                t.accessTiers().update(new AccessTier(t1.id(), t1.name(), t1.allowedRegions(), t1.allowedExitCountries(), limit,
                        t1.byteLimit(), true, t1.substitution(), t1.quarantineRules()));
                for (int n = 3; n <= racers; n++) {
                    t.installPasses().insert(pass(n));
                }
            });
            java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(racers);
            try {
                java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
                List<java.util.concurrent.Future<EnrollmentOutcome>> results = new java.util.ArrayList<>();
                for (int n = 1; n <= racers; n++) {
                    EnrollmentWrite w = write(device(n), n, 2 + n);
                    boolean own = n % 2 == 0;
                    results.add(threads.submit(() -> {
                        go.await();
                        return own ? store.enroll(w) : tx(t -> store.enroll(w));
                    }));
                }
                go.countDown();
                int enrolled = 0;
                for (java.util.concurrent.Future<EnrollmentOutcome> f : results) {
                    EnrollmentOutcome o = f.get(120, java.util.concurrent.TimeUnit.SECONDS);
                    if (o instanceof EnrollmentOutcome.Enrolled) {
                        enrolled++;
                    } else {
                        assertEquals(new EnrollmentOutcome.SessionLimitReached(limit), o);
                    }
                }
                assertEquals(limit, enrolled);
                assertEquals(limit, txLong(t -> t.devices().countByTier(TIER, DeviceState.ACTIVE)));
                assertEquals(limit, txLong(t -> t.devices().count()));
            } finally {
                threads.shutdownNow();
            }
        }

        @Test
        void anInactiveTierHasNoSessionLimit() {
            AccessTier t1 = tier(TIER.value());
            run(t -> t.accessTiers().update(new AccessTier(t1.id(), t1.name(), t1.allowedRegions(), t1.allowedExitCountries(), 1,
                    t1.byteLimit(), false, t1.substitution(), t1.quarantineRules())));
            assertEquals(new EnrollmentOutcome.Enrolled(), store.enroll(write(device(1), 1, 2)));
            assertEquals(new EnrollmentOutcome.Enrolled(), store.enroll(write(device(2), 2, 3)));
        }

        @Test
        void anEnrolledPublicKeyIsRefused() {
            store.enroll(write(device(1), 1, 2));
            Device sameKey = device(2).toBuilder().publicKey(device(1).publicKey()).build();
            assertEquals(new EnrollmentOutcome.PublicKeyTaken(), refused(write(sameKey, 2, 3)));
        }

        @Test
        void aGatewayThatIsGoneStaleOrDrainingIsRefused() {
            Device elsewhere = device(1, GatewayId.of("gw-9"), TIER);
            assertEquals(new EnrollmentOutcome.GatewayUnavailable(), refused(write(elsewhere, 1, 2)));
            // gateway(1) last beat at T0+30s: 90 s later it is still fresh, a moment after that it is stale.
            Instant fresh = T0.plusSeconds(120);
            Device onTime = device(1).toBuilder().createdAt(fresh).updatedAt(fresh).build();
            Instant stale = T0.plusSeconds(121);
            Device late = device(1).toBuilder().createdAt(stale).updatedAt(stale).build();
            assertEquals(new EnrollmentOutcome.GatewayUnavailable(), refused(write(late, 1, 2)));
            run(t -> t.gateways().update(gateway(1).toBuilder().status(GatewayStatus.DRAINING).build()));
            assertEquals(new EnrollmentOutcome.GatewayUnavailable(), refused(write(device(1), 1, 2)));
            run(t -> t.gateways().update(gateway(1)));
            assertEquals(new EnrollmentOutcome.Enrolled(), store.enroll(write(onTime, 1, 2)));
        }

        @Test
        void aHeartbeatStampedAheadCountsWithinTheClockSkewAndNotBeyondIt() {
            Instant now = device(1).createdAt();
            Instant tooFar = now.plus(Gateway.HEARTBEAT_FUTURE_SKEW).plusSeconds(1);
            run(t -> t.gateways().update(gateway(1).toBuilder().lastHeartbeatAt(tooFar).build()));
            assertEquals(new EnrollmentOutcome.GatewayUnavailable(), refused(write(device(1), 1, 2)));
            Instant atTheLimit = now.plus(Gateway.HEARTBEAT_FUTURE_SKEW);
            run(t -> t.gateways().update(gateway(1).toBuilder().lastHeartbeatAt(atTheLimit).build()));
            assertEquals(new EnrollmentOutcome.Enrolled(), store.enroll(write(device(1), 1, 2)));
        }

        @Test
        void aHeldOrQuarantinedAddressIsTakenAndReusableAfterQuarantine() {
            store.enroll(write(device(1), 1, 2));
            EnrollmentOutcome held = refused(write(device(2), 2, 2));
            assertEquals(new EnrollmentOutcome.AddressTaken(new AddressClaim(POOL_V4, 2)), held);
            // Only the v6 offset clashes: the outcome names that claim, and the free v4 one is not kept.
            EnrollmentWrite mixed = new EnrollmentWrite(device(2), pass(2).secretHash(),
                    List.of(new AddressClaim(POOL_V4, 3), new AddressClaim("gw-1/v6", 2)), device(2).createdAt().minus(QUARANTINE), ttl,
                    AuditEvent.of(device(2).createdAt(), "x", "device.enroll", "device:dev-2", null, null));
            assertEquals(new EnrollmentOutcome.AddressTaken(new AddressClaim("gw-1/v6", 2)), refused(mixed));
            run(t -> {
                t.addressLeases().release(POOL_V4, 2, device(1).id(), T0.plusSeconds(10));
                t.addressLeases().release("gw-1/v6", 2, device(1).id(), T0.plusSeconds(10));
            });
            assertEquals(new EnrollmentOutcome.AddressTaken(new AddressClaim(POOL_V4, 2)), refused(write(device(2), 2, 2)),
                    "still in quarantine");
            Instant later = T0.plusSeconds(10).plus(QUARANTINE);
            Device after = device(2).toBuilder().createdAt(later).updatedAt(later).build();
            run(t -> t.gateways().update(gateway(1).toBuilder().lastHeartbeatAt(later).build()));
            assertEquals(new EnrollmentOutcome.Enrolled(), store.enroll(write(after, 2, 2)));
            assertFalse(txBool(t -> t.addressLeases().isFree(POOL_V4, 2, later.plusSeconds(86_400))));
            assertEquals(1L, txLong(t -> t.addressLeases().countTaken(POOL_V4, later.minus(QUARANTINE))), "offset 3 was never kept");
        }
    }

    @Nested
    class AddressBlocks {
        @Test
        void blocksStartAboveExistingLeasesAndNeverOverlap() {
            run(t -> t.addressLeases().claim(POOL_V4, 7, DeviceId.of("dev-1"), T0, T0));
            assertEquals(OptionalLong.of(8), tx(t -> t.addressLeases().reserveBlock(POOL_V4, 2, 20, 5)));
            assertEquals(OptionalLong.of(13), tx(t -> t.addressLeases().reserveBlock(POOL_V4, 2, 20, 5)));
            assertEquals(OptionalLong.of(18), tx(t -> t.addressLeases().reserveBlock(POOL_V4, 2, 20, 5)), "a short last block");
            assertEquals(OptionalLong.empty(), tx(t -> t.addressLeases().reserveBlock(POOL_V4, 2, 20, 5)));
            assertEquals(OptionalLong.of(2), tx(t -> t.addressLeases().reserveBlock("gw-2/v4", 2, 20, 5)), "pools are independent");
        }

        @Test
        void aReservationRolledBackWithItsTransactionIsHandedOutAgain() {
            assertThrows(IllegalStateException.class, () -> tx(t -> {
                t.addressLeases().reserveBlock(POOL_V4, 2, 20, 5);
                throw new IllegalStateException("abort");
            }));
            assertEquals(OptionalLong.of(2), tx(t -> t.addressLeases().reserveBlock(POOL_V4, 2, 20, 5)));
        }

        @Test
        void isFreeFollowsClaimsReleasesAndQuarantine() {
            assertTrue(txBool(t -> t.addressLeases().isFree(POOL_V4, 4, T0)));
            run(t -> t.addressLeases().claim(POOL_V4, 4, DeviceId.of("dev-1"), T0, T0));
            assertFalse(txBool(t -> t.addressLeases().isFree(POOL_V4, 4, T0.plusSeconds(86_400))));
            run(t -> t.addressLeases().release(POOL_V4, 4, DeviceId.of("dev-1"), T0.plusSeconds(5)));
            assertFalse(txBool(t -> t.addressLeases().isFree(POOL_V4, 4, T0.plusSeconds(4))));
            assertTrue(txBool(t -> t.addressLeases().isFree(POOL_V4, 4, T0.plusSeconds(5))));
        }
    }

    // ---- devices ---------------------------------------------------------------------------

    @Nested
    class Devices {
        @Test
        void findsAnInsertedDeviceByIdPublicKeyAndCredentialHash() {
            Device d = device(1);
            run(t -> t.devices().insert(d));
            assertEquals(Optional.of(d), tx(t -> t.devices().find(d.id())));
            assertEquals(Optional.of(d), tx(t -> t.devices().findByPublicKey(d.publicKey())));
            assertEquals(Optional.of(d), tx(t -> t.devices().findByCredentialHash(d.credentialHash())));
            assertEquals(Optional.empty(), tx(t -> t.devices().find(DeviceId.of("dev-404"))));
            assertEquals(Optional.empty(), tx(t -> t.devices().findByPublicKey(StoreFixtures.deviceKey(404))));
            assertEquals(Optional.empty(), tx(t -> t.devices().findByCredentialHash(StoreFixtures.bytes32("x", 1))));
        }

        @Test
        void rejectsASecondDeviceWithATakenIdPublicKeyOrCredentialHash() {
            Device d = device(1);
            run(t -> t.devices().insert(d));
            Device other = device(2);
            Device sameIdRebuilt = new Device.Builder(d.id()).name("x").publicKey(other.publicKey()).tunnelAddresses(other.tunnelAddresses())
                    .gatewayId(GATEWAY).frontDoorId(other.frontDoorId()).egressPoolId(other.egressPoolId()).tierId(TIER)
                    .region(other.region()).exitCountry(other.exitCountry()).credentialHash(other.credentialHash())
                    .createdAt(T0).updatedAt(T0).build();
            assertFails(ErrorCode.CONFLICT, "device.id", () -> run(t -> t.devices().insert(sameIdRebuilt)));
            Device sameKey = device(2).toBuilder().publicKey(d.publicKey()).build();
            assertFails(ErrorCode.CONFLICT, "device.publicKey", () -> run(t -> t.devices().insert(sameKey)));
            Device sameCredential = device(3).toBuilder().credentialHash(d.credentialHash()).build();
            assertFails(ErrorCode.CONFLICT, "device.credentialHash", () -> run(t -> t.devices().insert(sameCredential)));
            assertEquals(1L, txLong(t -> t.devices().count()));
        }

        @Test
        void updateReplacesTheDeviceAndMovesItsLookups() {
            Device d = device(1);
            run(t -> t.devices().insert(d));
            WireGuardKey newKey = StoreFixtures.deviceKey(99);
            Device changed = withState(d, DeviceState.SUSPENDED).toBuilder().publicKey(newKey).usage(10, 20)
                    .credentialHash(StoreFixtures.bytes32("rotated", 1)).updatedAt(T0.plusSeconds(600)).build();
            run(t -> t.devices().update(changed));
            assertEquals(Optional.of(changed), tx(t -> t.devices().find(d.id())));
            assertEquals(Optional.of(changed), tx(t -> t.devices().findByPublicKey(newKey)));
            assertEquals(Optional.empty(), tx(t -> t.devices().findByPublicKey(d.publicKey())));
            assertEquals(Optional.empty(), tx(t -> t.devices().findByCredentialHash(d.credentialHash())));
            // The old key is free again.
            run(t -> t.devices().insert(device(2).toBuilder().publicKey(d.publicKey()).build()));
        }

        @Test
        void readModifyWriteInOneTransactionApplies() {
            Device d = device(1);
            run(t -> t.devices().insert(d));
            run(t -> {
                Device read = t.devices().find(d.id()).orElseThrow();
                t.devices().update(read.toBuilder().usage(read.rxBytes() + 5, read.txBytes() + 7).build());
                Device again = t.devices().find(d.id()).orElseThrow();
                t.devices().update(again.toBuilder().usage(again.rxBytes() + 5, again.txBytes() + 7).build());
            });
            Device after = tx(t -> t.devices().find(d.id())).orElseThrow();
            assertEquals(10, after.rxBytes());
            assertEquals(14, after.txBytes());
        }

        @Test
        void updateOfAMissingDeviceIsNotFound() {
            assertFails(ErrorCode.NOT_FOUND, "device.id", () -> run(t -> t.devices().update(device(1))));
        }

        @Test
        void updateOntoAnotherDevicesPublicKeyOrCredentialConflicts() {
            Device a = device(1);
            Device b = device(2);
            run(t -> {
                t.devices().insert(a);
                t.devices().insert(b);
            });
            assertFails(ErrorCode.CONFLICT, "device.publicKey", () -> run(t -> t.devices().update(b.toBuilder().publicKey(a.publicKey()).build())));
            assertFails(ErrorCode.CONFLICT, "device.credentialHash",
                    () -> run(t -> t.devices().update(b.toBuilder().credentialHash(a.credentialHash()).build())));
            assertEquals(Optional.of(b), tx(t -> t.devices().find(b.id())));
        }

        @Test
        void aConflictInsideATransactionLeavesTheTransactionUsable() {
            Device a = device(1);
            Device b = device(2);
            Device clash = device(3).toBuilder().publicKey(a.publicKey()).build();
            run(t -> {
                t.devices().insert(a);
                assertFails(ErrorCode.CONFLICT, "device.publicKey", () -> t.devices().insert(clash));
                assertFails(ErrorCode.NOT_FOUND, "device.id", () -> t.devices().update(device(4)));
                t.devices().insert(b);
            });
            assertEquals(2L, txLong(t -> t.devices().count()));
            assertEquals(Optional.of(a), tx(t -> t.devices().find(a.id())));
            assertEquals(Optional.empty(), tx(t -> t.devices().find(clash.id())));
        }

        @Test
        void listsAGatewaysDevicesInOneStateInIdOrderAndCountsByTier() {
            GatewayId other = GatewayId.of("gw-2");
            AccessTierId otherTier = AccessTierId.of("pro");
            run(t -> {
                t.devices().insert(device(12));
                t.devices().insert(device(3));
                t.devices().insert(withState(device(7), DeviceState.REVOKED));
                t.devices().insert(device(20, other, otherTier));
                t.devices().insert(withState(device(21), DeviceState.SUSPENDED));
            });
            List<Device> active = tx(t -> t.devices().listByGateway(GATEWAY, DeviceState.ACTIVE));
            assertEquals(List.of("dev-12", "dev-3"), active.stream().map(d -> d.id().value()).toList());
            assertEquals(List.of(device(7).id()), tx(t -> t.devices().listByGateway(GATEWAY, DeviceState.REVOKED)).stream().map(Device::id).toList());
            assertEquals(List.of(), tx(t -> t.devices().listByGateway(GatewayId.of("gw-9"), DeviceState.ACTIVE)));
            assertEquals(2L, txLong(t -> t.devices().countByTier(TIER, DeviceState.ACTIVE)));
            assertEquals(1L, txLong(t -> t.devices().countByTier(TIER, DeviceState.SUSPENDED)));
            assertEquals(1L, txLong(t -> t.devices().countByTier(otherTier, DeviceState.ACTIVE)));
            assertEquals(0L, txLong(t -> t.devices().countByTier(AccessTierId.of("none"), DeviceState.ACTIVE)));
            assertEquals(5L, txLong(t -> t.devices().count()));
        }

        @Test
        void tierCountsFollowUpdatesAcrossStatesAndTiersAndRollBackWithTheTransaction() {
            AccessTierId pro = AccessTierId.of("pro");
            run(t -> {
                t.devices().insert(device(1));
                t.devices().insert(device(2));
            });
            // Updated without having been read in the same transaction.
            run(t -> t.devices().update(withState(device(1), DeviceState.SUSPENDED)));
            // Read, then updated twice in one transaction.
            run(t -> {
                Device d = t.devices().find(device(2).id()).orElseThrow();
                t.devices().update(withState(d, DeviceState.REVOKED));
                t.devices().update(device(2, GATEWAY, pro));
            });
            assertEquals(0L, txLong(t -> t.devices().countByTier(TIER, DeviceState.ACTIVE)));
            assertEquals(1L, txLong(t -> t.devices().countByTier(TIER, DeviceState.SUSPENDED)));
            assertEquals(0L, txLong(t -> t.devices().countByTier(TIER, DeviceState.REVOKED)));
            assertEquals(1L, txLong(t -> t.devices().countByTier(pro, DeviceState.ACTIVE)));
            org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> run(t -> {
                t.devices().insert(device(3));
                t.devices().update(withState(device(1), DeviceState.ACTIVE));
                throw new IllegalStateException("roll back");
            }));
            assertEquals(0L, txLong(t -> t.devices().countByTier(TIER, DeviceState.ACTIVE)), "counts roll back with the transaction");
            assertEquals(1L, txLong(t -> t.devices().countByTier(TIER, DeviceState.SUSPENDED)));
        }
    }

    // ---- install passes --------------------------------------------------------------------

    @Nested
    class InstallPasses {
        @Test
        void findsAPassByIdAndBySecretHash() {
            InstallPass p = pass(1);
            run(t -> t.installPasses().insert(p));
            assertEquals(Optional.of(p), tx(t -> t.installPasses().find("pass-1")));
            assertEquals(Optional.of(p), tx(t -> t.installPasses().findBySecretHash(p.secretHash())));
            assertEquals(Optional.empty(), tx(t -> t.installPasses().find("pass-2")));
            assertEquals(Optional.empty(), tx(t -> t.installPasses().findBySecretHash(pass(2).secretHash())));
        }

        @Test
        void rejectsADuplicateIdOrSecretHash() {
            run(t -> t.installPasses().insert(pass(1)));
            InstallPass sameId = new InstallPass("pass-1", pass(2).secretHash(), TIER, T0, T0.plusSeconds(60), "admin", Optional.empty(), Optional.empty());
            assertFails(ErrorCode.CONFLICT, "installPass.id", () -> run(t -> t.installPasses().insert(sameId)));
            InstallPass sameHash = new InstallPass("pass-2", pass(1).secretHash(), TIER, T0, T0.plusSeconds(60), "admin", Optional.empty(), Optional.empty());
            assertFails(ErrorCode.CONFLICT, "installPass.secretHash", () -> run(t -> t.installPasses().insert(sameHash)));
        }

        @Test
        void aPassIsMarkedUsedExactlyOnce() {
            run(t -> t.installPasses().insert(pass(1)));
            assertTrue(txBool(t -> t.installPasses().markUsed("pass-1", DeviceId.of("dev-1"), T0.plusSeconds(5))));
            assertFalse(txBool(t -> t.installPasses().markUsed("pass-1", DeviceId.of("dev-2"), T0.plusSeconds(6))));
            assertFalse(txBool(t -> t.installPasses().markUsed("pass-404", DeviceId.of("dev-2"), T0.plusSeconds(6))));
            InstallPass used = tx(t -> t.installPasses().find("pass-1")).orElseThrow();
            assertEquals(Optional.of(T0.plusSeconds(5)), used.usedAt());
            assertEquals(Optional.of(DeviceId.of("dev-1")), used.usedBy());
            assertTrue(used.isUsed());
        }

        @Test
        void aPassInsertedUsedStaysUsed() {
            InstallPass used = new InstallPass("pass-9", pass(9).secretHash(), TIER, T0, T0.plusSeconds(60), "admin",
                    Optional.of(T0.plusSeconds(1)), Optional.of(DeviceId.of("dev-9")));
            run(t -> t.installPasses().insert(used));
            assertFalse(txBool(t -> t.installPasses().markUsed("pass-9", DeviceId.of("dev-1"), T0.plusSeconds(2))));
            assertEquals(Optional.of(used), tx(t -> t.installPasses().find("pass-9")));
        }
    }

    // ---- gateways and front doors ------------------------------------------------------------

    @Nested
    class Gateways {
        @Test
        void findsAGatewayWithItsFrontDoorsInOrderByIdAndTokenHash() {
            Gateway g = gateway(1);
            Gateway provisioned = StoreFixtures.provisionedGateway(2);
            run(t -> {
                t.gateways().insert(g);
                t.gateways().insert(provisioned);
            });
            assertEquals(Optional.of(g), tx(t -> t.gateways().find(g.id())));
            assertEquals(Optional.of(g), tx(t -> t.gateways().findByTokenHash(g.tokenHash())));
            assertEquals(Optional.of(provisioned), tx(t -> t.gateways().find(provisioned.id())));
            assertEquals(List.of("gw-1-udp", "gw-1-awg"), tx(t -> t.gateways().find(g.id())).orElseThrow().frontDoors().stream()
                    .map(f -> f.id().value()).toList());
            assertEquals(Optional.empty(), tx(t -> t.gateways().find(GatewayId.of("gw-404"))));
            assertEquals(Optional.empty(), tx(t -> t.gateways().findByTokenHash(StoreFixtures.bytes32("gateway-token", 404))));
        }

        @Test
        void listsGatewaysInIdOrder() {
            run(t -> {
                t.gateways().insert(gateway(3));
                t.gateways().insert(gateway(10));
                t.gateways().insert(StoreFixtures.provisionedGateway(2));
            });
            assertEquals(List.of("gw-10", "gw-2", "gw-3"), tx(t -> t.gateways().list()).stream().map(g -> g.id().value()).toList());
            assertEquals(gateway(10), tx(t -> t.gateways().list()).get(0));
        }

        @Test
        void rejectsATakenIdTokenHashPublicKeyOrFrontDoorId() {
            Gateway g = gateway(1);
            run(t -> t.gateways().insert(g));
            Gateway other = gateway(2);
            Gateway sameId = Gateway.builder(g.id()).region(g.region()).tokenHash(StoreFixtures.bytes32("t", 7)).build();
            assertFails(ErrorCode.CONFLICT, "gateway.id", () -> run(t -> t.gateways().insert(sameId)));
            assertFails(ErrorCode.CONFLICT, "gateway.tokenHash", () -> run(t -> t.gateways().insert(other.toBuilder().tokenHash(g.tokenHash()).build())));
            assertFails(ErrorCode.CONFLICT, "gateway.publicKey",
                    () -> run(t -> t.gateways().insert(other.toBuilder().publicKey(g.publicKey().orElseThrow()).build())));
            GatewayId id2 = GatewayId.of("gw-2");
            FrontDoor stolen = new FrontDoor(FrontDoorId.of("gw-1-udp"), id2, g.frontDoors().get(0).endpoint(), TransportTier.T0, 5,
                    dev.damm.core.model.FrontDoorState.ACTIVE, java.util.Map.of());
            assertFails(ErrorCode.CONFLICT, "frontDoor.id", () -> run(t -> t.gateways().insert(other.toBuilder().frontDoors(List.of(stolen)).build())));
            assertEquals(List.of(g), tx(t -> t.gateways().list()));
        }

        @Test
        void updateReplacesTheGatewayAndItsFrontDoors() {
            Gateway g = gateway(1);
            run(t -> t.gateways().insert(g));
            FrontDoor wss = StoreFixtures.frontDoor(g.id(), "wss", TransportTier.T3, 30);
            Gateway changed = g.toBuilder().status(GatewayStatus.DRAINING).metrics(new HeartbeatMetrics(0.75, 9, 5_000, 6_000))
                    .lastHeartbeatAt(T0.plusSeconds(90)).frontDoors(List.of(wss, g.frontDoors().get(0).withState(dev.damm.core.model.FrontDoorState.DEMOTED)))
                    .tokenHash(StoreFixtures.bytes32("rotated-token", 1)).build();
            run(t -> t.gateways().update(changed));
            assertEquals(Optional.of(changed), tx(t -> t.gateways().find(g.id())));
            assertEquals(Optional.empty(), tx(t -> t.gateways().findByTokenHash(g.tokenHash())));
            // The dropped front door's id is free for another gateway now.
            GatewayId id2 = GatewayId.of("gw-2");
            FrontDoor moved = new FrontDoor(FrontDoorId.of("gw-1-awg"), id2, g.frontDoors().get(1).endpoint(), TransportTier.T1, 5,
                    dev.damm.core.model.FrontDoorState.ACTIVE, g.frontDoors().get(1).parameters());
            run(t -> t.gateways().insert(gateway(2).toBuilder().frontDoors(List.of(moved)).build()));
            assertEquals(List.of(moved), tx(t -> t.gateways().find(id2)).orElseThrow().frontDoors());
        }

        @Test
        void updateOfAMissingGatewayIsNotFoundAndOntoTakenKeysConflicts() {
            assertFails(ErrorCode.NOT_FOUND, "gateway.id", () -> run(t -> t.gateways().update(gateway(1))));
            Gateway a = gateway(1);
            Gateway b = gateway(2);
            run(t -> {
                t.gateways().insert(a);
                t.gateways().insert(b);
            });
            assertFails(ErrorCode.CONFLICT, "gateway.tokenHash", () -> run(t -> t.gateways().update(b.toBuilder().tokenHash(a.tokenHash()).build())));
            assertFails(ErrorCode.CONFLICT, "frontDoor.id", () -> run(t -> t.gateways().update(b.toBuilder()
                    .frontDoors(List.of(new FrontDoor(FrontDoorId.of("gw-1-udp"), b.id(), a.frontDoors().get(0).endpoint(), TransportTier.T0, 1,
                            dev.damm.core.model.FrontDoorState.ACTIVE, java.util.Map.of()))).build())));
            assertEquals(Optional.of(b), tx(t -> t.gateways().find(b.id())));
            assertEquals(Optional.of(a), tx(t -> t.gateways().find(a.id())));
        }

        @Test
        void aRejectedGatewayLeavesTheTransactionUsable() {
            Gateway a = gateway(1);
            run(t -> {
                t.gateways().insert(a);
                assertFails(ErrorCode.CONFLICT, "gateway.tokenHash", () -> t.gateways().insert(gateway(2).toBuilder().tokenHash(a.tokenHash()).build()));
                t.gateways().insert(gateway(3));
            });
            assertEquals(List.of("gw-1", "gw-3"), tx(t -> t.gateways().list()).stream().map(g -> g.id().value()).toList());
            // gw-2's front doors did not stay behind.
            run(t -> t.gateways().insert(gateway(2)));
        }
    }

    // ---- egress pools and tiers -----------------------------------------------------------

    @Nested
    class PoolsAndTiers {
        @Test
        void storesEgressPoolsUniqueById() {
            EgressPool p = egressPool("egress-b");
            run(t -> {
                t.egressPools().insert(p);
                t.egressPools().insert(egressPool("egress-a"));
            });
            assertEquals(Optional.of(p), tx(t -> t.egressPools().find(p.id())));
            assertEquals(List.of(egressPool("egress-a"), p), tx(t -> t.egressPools().list()));
            assertFails(ErrorCode.CONFLICT, "egressPool.id", () -> run(t -> t.egressPools().insert(p)));
            EgressPool loaded = p.withLoad(0.9, 0.1);
            run(t -> t.egressPools().update(loaded));
            assertEquals(Optional.of(loaded), tx(t -> t.egressPools().find(p.id())));
            assertFails(ErrorCode.NOT_FOUND, "egressPool.id", () -> run(t -> t.egressPools().update(egressPool("egress-z"))));
            assertEquals(Optional.empty(), tx(t -> t.egressPools().find(EgressPoolId.of("egress-z"))));
        }

        @Test
        void storesAccessTiersUniqueById() {
            AccessTier early = tier("early");
            run(t -> {
                t.accessTiers().insert(early);
                t.accessTiers().insert(tier("basic"));
            });
            assertEquals(Optional.of(early), tx(t -> t.accessTiers().find(early.id())));
            assertEquals(List.of(tier("basic"), early), tx(t -> t.accessTiers().list()));
            assertFails(ErrorCode.CONFLICT, "accessTier.id", () -> run(t -> t.accessTiers().insert(early)));
            AccessTier retired = new AccessTier(early.id(), "Retired", early.allowedRegions(), early.allowedExitCountries(), 5, 0, false,
                    SubstitutionPolicy.ALLOW_SUBSTITUTE, List.of());
            run(t -> t.accessTiers().update(retired));
            assertEquals(Optional.of(retired), tx(t -> t.accessTiers().find(early.id())));
            assertFails(ErrorCode.NOT_FOUND, "accessTier.id", () -> run(t -> t.accessTiers().update(tier("gold"))));
        }
    }

    // ---- address leases --------------------------------------------------------------------

    @Nested
    class AddressLeases {
        private OptionalLong lowest(long first, long last, Instant now) {
            return tx(t -> t.addressLeases().lowestFreeOffset(POOL_V4, first, last, now.minus(QUARANTINE)));
        }

        private boolean claim(long offset, String device, Instant now) {
            return tx(t -> t.addressLeases().claim(POOL_V4, offset, DeviceId.of(device), now, now.minus(QUARANTINE)));
        }

        @Test
        void handsOutTheLowestFreeOffsetAndNeverOneTwice() {
            assertEquals(OptionalLong.of(2), lowest(2, 5, T0));
            assertTrue(claim(2, "dev-1", T0));
            assertFalse(claim(2, "dev-2", T0));
            assertEquals(OptionalLong.of(3), lowest(2, 5, T0));
            assertTrue(claim(4, "dev-4", T0));
            assertEquals(OptionalLong.of(3), lowest(2, 5, T0));
            assertTrue(claim(3, "dev-3", T0));
            assertEquals(OptionalLong.of(5), lowest(2, 5, T0));
            assertTrue(claim(5, "dev-5", T0));
            assertEquals(OptionalLong.empty(), lowest(2, 5, T0));
            assertEquals(OptionalLong.of(6), lowest(2, 6, T0));
            assertEquals(4L, txLong(t -> t.addressLeases().countTaken(POOL_V4, T0.minus(QUARANTINE))));
        }

        @Test
        void poolsAreIndependent() {
            assertTrue(claim(2, "dev-1", T0));
            assertTrue(txBool(t -> t.addressLeases().claim("gw-1/v6", 2, DeviceId.of("dev-1"), T0, T0.minus(QUARANTINE))));
            assertEquals(OptionalLong.of(2), tx(t -> t.addressLeases().lowestFreeOffset("gw-2/v4", 2, 10, T0)));
            assertEquals(0L, txLong(t -> t.addressLeases().countTaken("gw-2/v4", T0)));
        }

        @Test
        void aReleasedOffsetStaysTakenDuringQuarantineAndIsReusedAfterIt() {
            for (long o = 2; o <= 4; o++) {
                assertTrue(claim(o, "dev-" + o, T0));
            }
            run(t -> t.addressLeases().release(POOL_V4, 3, DeviceId.of("dev-3"), T0.plusSeconds(10)));
            Instant soon = T0.plusSeconds(60);
            // Quarantined: skipped, and not claimable.
            assertEquals(OptionalLong.of(5), lowest(2, 10, soon));
            assertFalse(claim(3, "dev-9", soon));
            assertTrue(claim(5, "dev-5", soon));
            assertEquals(OptionalLong.of(6), lowest(2, 10, soon));
            assertEquals(4L, txLong(t -> t.addressLeases().countTaken(POOL_V4, soon.minus(QUARANTINE))));
            // Released long ago: the lowest free offset again.
            Instant later = T0.plus(QUARANTINE).plusSeconds(11);
            assertEquals(OptionalLong.of(3), lowest(2, 10, later));
            assertEquals(3L, txLong(t -> t.addressLeases().countTaken(POOL_V4, later.minus(QUARANTINE))));
            assertTrue(claim(3, "dev-9", later));
            assertFalse(claim(3, "dev-10", later));
            assertEquals(OptionalLong.of(6), lowest(2, 10, later));
            assertEquals(4L, txLong(t -> t.addressLeases().countTaken(POOL_V4, later.minus(QUARANTINE))));
        }

        @Test
        void releaseOnlyActsOnTheHoldersCurrentLease() {
            assertTrue(claim(2, "dev-1", T0));
            run(t -> t.addressLeases().release(POOL_V4, 2, DeviceId.of("dev-2"), T0));
            run(t -> t.addressLeases().release(POOL_V4, 7, DeviceId.of("dev-1"), T0));
            Instant later = T0.plus(QUARANTINE).plusSeconds(1);
            assertEquals(OptionalLong.of(3), lowest(2, 10, later));
            run(t -> t.addressLeases().release(POOL_V4, 2, DeviceId.of("dev-1"), T0));
            // Releasing again does not restart the quarantine.
            run(t -> t.addressLeases().release(POOL_V4, 2, DeviceId.of("dev-1"), later));
            assertEquals(OptionalLong.of(2), lowest(2, 10, later));
        }

        @Test
        void claimsOfOneTransactionAreSeenByItsLaterLookups() {
            List<Long> got = tx(t -> {
                java.util.ArrayList<Long> offsets = new java.util.ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    long o = t.addressLeases().lowestFreeOffset(POOL_V4, 2, 100, T0).orElseThrow();
                    assertTrue(t.addressLeases().claim(POOL_V4, o, DeviceId.of("dev-" + i), T0, T0));
                    offsets.add(o);
                }
                return offsets;
            });
            assertEquals(List.of(2L, 3L, 4L), got);
        }

        @Test
        void aRolledBackClaimLeavesTheOffsetFree() {
            assertThrows(IllegalStateException.class, () -> run(t -> {
                long o = t.addressLeases().lowestFreeOffset(POOL_V4, 2, 100, T0).orElseThrow();
                t.addressLeases().claim(POOL_V4, o, DeviceId.of("dev-1"), T0, T0);
                throw new IllegalStateException("abort");
            }));
            assertEquals(OptionalLong.of(2), lowest(2, 100, T0));
            assertEquals(0L, txLong(t -> t.addressLeases().countTaken(POOL_V4, T0)));
        }
    }

    // ---- usage -------------------------------------------------------------------------------

    @Nested
    class Usage {
        @Test
        void aReportIsAppliedOncePerGateway() {
            assertTrue(txBool(t -> t.usage().markReportApplied("r-1", GATEWAY, T0)));
            assertFalse(txBool(t -> t.usage().markReportApplied("r-1", GATEWAY, T0.plusSeconds(1))));
            assertTrue(txBool(t -> t.usage().markReportApplied("r-1", GatewayId.of("gw-2"), T0)));
            assertTrue(txBool(t -> t.usage().markReportApplied("r-2", GATEWAY, T0)));
        }

        @Test
        void aRepeatedReportInsideATransactionIsRefusedAndTheTransactionGoesOn() {
            run(t -> {
                assertTrue(t.usage().markReportApplied("r-1", GATEWAY, T0));
                assertFalse(t.usage().markReportApplied("r-1", GATEWAY, T0));
                t.devices().insert(device(1));
            });
            assertEquals(1L, txLong(t -> t.devices().count()));
        }

        @Test
        void keepsTheLastCountersPerDeviceAndGateway() {
            DeviceId d = DeviceId.of("dev-1");
            assertEquals(Optional.empty(), tx(t -> t.usage().lastCounters(d, GATEWAY)));
            UsageRepository.CounterSnapshot first = new UsageRepository.CounterSnapshot(100, 200, T0);
            UsageRepository.CounterSnapshot second = new UsageRepository.CounterSnapshot(150, 260, T0.plusSeconds(60));
            run(t -> t.usage().saveCounters(d, GATEWAY, first));
            assertEquals(Optional.of(first), tx(t -> t.usage().lastCounters(d, GATEWAY)));
            run(t -> t.usage().saveCounters(d, GATEWAY, second));
            assertEquals(Optional.of(second), tx(t -> t.usage().lastCounters(d, GATEWAY)));
            assertEquals(Optional.empty(), tx(t -> t.usage().lastCounters(d, GatewayId.of("gw-2"))));
        }
    }

    // ---- audit -------------------------------------------------------------------------------

    @Nested
    class Audit {
        @Test
        void appendAssignsIncreasingSequencesAndListsInOrder() {
            long s1 = tx(t -> t.audit().append(audit(T0, "device.enroll", "device:dev-1")));
            long s2 = tx(t -> t.audit().append(audit(T0.plusSeconds(1), "device.revoke", "device:dev-1")));
            long s3 = tx(t -> t.audit().append(AuditEvent.of(T0.plusSeconds(2), "system", "gateway.register", "gateway:gw-1", "{}", null)));
            assertTrue(s1 > 0 && s2 > s1 && s3 > s2, s1 + " " + s2 + " " + s3);
            List<AuditEvent> all = tx(t -> t.audit().list(0, 10));
            assertEquals(List.of(s1, s2, s3), all.stream().map(AuditEvent::sequence).toList());
            AuditEvent third = all.get(2);
            assertEquals(new AuditEvent(s3, T0.plusSeconds(2), "system", "gateway.register", "gateway:gw-1", Optional.of("{}"), Optional.empty()), third);
            assertEquals(List.of(s2), tx(t -> t.audit().list(s1, 1)).stream().map(AuditEvent::sequence).toList());
            assertEquals(List.of(), tx(t -> t.audit().list(s3, 10)));
            assertEquals(List.of(), tx(t -> t.audit().list(0, 0)));
        }

        @Test
        void listsEventsAboutOneTargetOldestFirst() {
            run(t -> {
                t.audit().append(audit(T0, "device.enroll", "device:dev-1"));
                t.audit().append(audit(T0, "device.enroll", "device:dev-2"));
                t.audit().append(audit(T0.plusSeconds(5), "device.suspend", "device:dev-1"));
                t.audit().append(audit(T0.plusSeconds(9), "device.resume", "device:dev-1"));
            });
            assertEquals(List.of("device.enroll", "device.suspend"),
                    tx(t -> t.audit().listByTarget("device:dev-1", 2)).stream().map(AuditEvent::action).toList());
            assertEquals(1, tx(t -> t.audit().listByTarget("device:dev-2", 10)).size());
            assertEquals(List.of(), tx(t -> t.audit().listByTarget("device:dev-3", 10)));
        }

        @Test
        void deleteBeforeRemovesOnlyOlderEvents() {
            run(t -> {
                t.audit().append(audit(T0, "device.enroll", "device:dev-1"));
                t.audit().append(audit(T0.plusSeconds(10), "device.enroll", "device:dev-2"));
                t.audit().append(audit(T0.plusSeconds(20), "device.enroll", "device:dev-3"));
            });
            assertEquals(1L, txLong(t -> t.audit().deleteBefore(T0.plusSeconds(10))));
            assertEquals(List.of("device:dev-2", "device:dev-3"), tx(t -> t.audit().list(0, 10)).stream().map(AuditEvent::target).toList());
            assertEquals(0L, txLong(t -> t.audit().deleteBefore(T0)));
            assertEquals(2L, txLong(t -> t.audit().deleteBefore(T0.plusSeconds(3600))));
            long next = tx(t -> t.audit().append(audit(T0, "device.enroll", "device:dev-4")));
            assertTrue(next > 3, "sequences are not reused after deletion: " + next);
        }
    }

    // ---- publications ------------------------------------------------------------------------

    @Nested
    class Publications {
        @Test
        void serialsAreStrictlyIncreasingPerKindAndScope() {
            assertEquals(OptionalLong.empty(), tx(t -> t.publications().lastSerial("catalog", "eu-central")));
            run(t -> t.publications().record(publication("catalog", "eu-central", 5)));
            assertEquals(OptionalLong.of(5), tx(t -> t.publications().lastSerial("catalog", "eu-central")));
            assertFails(ErrorCode.CONFLICT, "publication.serial", () -> run(t -> t.publications().record(publication("catalog", "eu-central", 5))));
            assertFails(ErrorCode.CONFLICT, "publication.serial", () -> run(t -> t.publications().record(publication("catalog", "eu-central", 4))));
            run(t -> t.publications().record(publication("catalog", "eu-central", 7)));
            // Other scopes and kinds have their own sequence.
            run(t -> t.publications().record(publication("catalog", "us-east", 1)));
            run(t -> t.publications().record(publication("admission", "gw-1", 2)));
            assertEquals(OptionalLong.of(7), tx(t -> t.publications().lastSerial("catalog", "eu-central")));
            assertEquals(List.of(publication("catalog", "eu-central", 7), publication("catalog", "eu-central", 5)),
                    tx(t -> t.publications().recent("catalog", "eu-central", 10)));
            assertEquals(List.of(publication("catalog", "eu-central", 7)), tx(t -> t.publications().recent("catalog", "eu-central", 1)));
            assertEquals(List.of(), tx(t -> t.publications().recent("catalog", "ap-south", 10)));
        }

        @Test
        void aRefusedSerialLeavesTheTransactionUsable() {
            run(t -> {
                t.publications().record(publication("catalog", "eu-central", 1));
                assertFails(ErrorCode.CONFLICT, "publication.serial", () -> t.publications().record(publication("catalog", "eu-central", 1)));
                t.publications().record(publication("catalog", "eu-central", 2));
            });
            assertEquals(List.of(2L, 1L), tx(t -> t.publications().recent("catalog", "eu-central", 10)).stream().map(Publication::serial).toList());
        }
    }

    // ---- keys --------------------------------------------------------------------------------

    @Nested
    class Keys {
        @Test
        void storesRetiresAndListsKeysByPurpose() {
            PublishedKey k1 = key(1, "catalog", T0.plusSeconds(20));
            PublishedKey k2 = key(2, "catalog", T0.plusSeconds(10));
            PublishedKey root = key(3, "root", T0);
            run(t -> {
                t.keys().insert(k1);
                t.keys().insert(k2);
                t.keys().insert(root);
            });
            assertEquals(Optional.of(k1), tx(t -> t.keys().find(k1.keyId())));
            assertEquals(List.of(k2, k1), tx(t -> t.keys().list("catalog")));
            assertEquals(List.of(root), tx(t -> t.keys().list("root")));
            assertEquals(List.of(), tx(t -> t.keys().list("admission")));
            assertFails(ErrorCode.CONFLICT, "key.keyId", () -> run(t -> t.keys().insert(k1)));
            run(t -> t.keys().retire(k2.keyId(), T0.plusSeconds(99)));
            assertEquals(Optional.of(T0.plusSeconds(99)), tx(t -> t.keys().find(k2.keyId())).orElseThrow().retiredAt());
            assertFails(ErrorCode.NOT_FOUND, "key.keyId", () -> run(t -> t.keys().retire(key(9, "root", T0).keyId(), T0)));
            assertEquals(Optional.empty(), tx(t -> t.keys().find(key(9, "root", T0).keyId())));
        }
    }

    // ---- transactions ------------------------------------------------------------------------

    @Nested
    class Transactions {
        @Test
        void returnsWhatTheWorkReturns() {
            assertEquals("done", tx(t -> "done"));
        }

        @Test
        void rollsBackEveryWriteWhenTheWorkThrows() {
            Device existing = device(1);
            Gateway gw = gateway(1);
            EgressPool pool = egressPool("egress-a");
            AccessTier early = tier("early");
            run(t -> {
                t.devices().insert(existing);
                t.installPasses().insert(pass(1));
                t.gateways().insert(gw);
                t.egressPools().insert(pool);
                t.accessTiers().insert(early);
                t.addressLeases().claim(POOL_V4, 2, existing.id(), T0, T0);
                t.usage().saveCounters(existing.id(), gw.id(), new UsageRepository.CounterSnapshot(1, 2, T0));
                t.audit().append(audit(T0, "device.enroll", "device:dev-1"));
                t.publications().record(publication("catalog", "eu-central", 1));
                t.keys().insert(key(1, "catalog", T0));
            });
            IllegalStateException boom = new IllegalStateException("boom");
            IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> run(t -> {
                t.devices().insert(device(2));
                t.devices().update(withState(existing, DeviceState.REVOKED));
                t.installPasses().insert(pass(2));
                assertTrue(t.installPasses().markUsed("pass-1", existing.id(), T0));
                t.gateways().insert(gateway(2));
                t.gateways().update(gw.toBuilder().status(GatewayStatus.RETIRED).frontDoors(List.of()).build());
                t.egressPools().insert(egressPool("egress-b"));
                t.egressPools().update(pool.withLoad(1.0, 0.0));
                t.accessTiers().insert(tier("basic"));
                t.accessTiers().update(new AccessTier(early.id(), "Changed", early.allowedRegions(), early.allowedExitCountries(), 1, 1, false,
                        SubstitutionPolicy.STRICT, List.of()));
                t.addressLeases().release(POOL_V4, 2, existing.id(), T0);
                assertTrue(t.addressLeases().claim(POOL_V4, 3, device(2).id(), T0, T0));
                assertTrue(t.usage().markReportApplied("r-1", gw.id(), T0));
                t.usage().saveCounters(existing.id(), gw.id(), new UsageRepository.CounterSnapshot(9, 9, T0.plusSeconds(1)));
                t.usage().saveCounters(device(2).id(), gw.id(), new UsageRepository.CounterSnapshot(9, 9, T0));
                t.audit().append(audit(T0, "device.revoke", "device:dev-1"));
                t.audit().deleteBefore(T0.plusSeconds(3600));
                t.publications().record(publication("catalog", "eu-central", 2));
                t.publications().record(publication("catalog", "us-east", 1));
                t.keys().insert(key(2, "catalog", T0));
                t.keys().retire(key(1, "catalog", T0).keyId(), T0);
                throw boom;
            }));
            assertSame(boom, thrown);

            run(t -> {
                assertEquals(Optional.of(existing), t.devices().find(existing.id()));
                assertEquals(1L, t.devices().count());
                assertEquals(Optional.of(pass(1)), t.installPasses().find("pass-1"));
                assertEquals(Optional.empty(), t.installPasses().find("pass-2"));
                assertEquals(List.of(gw), t.gateways().list());
                assertEquals(List.of(pool), t.egressPools().list());
                assertEquals(List.of(early), t.accessTiers().list());
                assertEquals(1L, t.addressLeases().countTaken(POOL_V4, T0.plusSeconds(7200)));
                assertEquals(OptionalLong.of(3), t.addressLeases().lowestFreeOffset(POOL_V4, 2, 10, T0.plusSeconds(7200)));
                assertEquals(Optional.of(new UsageRepository.CounterSnapshot(1, 2, T0)), t.usage().lastCounters(existing.id(), gw.id()));
                assertEquals(Optional.empty(), t.usage().lastCounters(device(2).id(), gw.id()));
                assertEquals(List.of("device.enroll"), t.audit().list(0, 10).stream().map(AuditEvent::action).toList());
                assertEquals(OptionalLong.of(1), t.publications().lastSerial("catalog", "eu-central"));
                assertEquals(OptionalLong.empty(), t.publications().lastSerial("catalog", "us-east"));
                assertEquals(List.of(key(1, "catalog", T0)), t.keys().list("catalog"));
            });
            // The report was not recorded as applied, and the used pass is unused again.
            assertTrue(txBool(t -> t.usage().markReportApplied("r-1", gw.id(), T0)));
            assertTrue(txBool(t -> t.installPasses().markUsed("pass-1", existing.id(), T0)));
        }

        @Test
        void aDammExceptionFromTheWorkPropagatesUnchanged() {
            DammException refusal = new DammException(ErrorCode.SESSION_LIMIT_REACHED, "tier.sessionLimit: reached");
            DammException thrown = assertThrows(DammException.class, () -> run(t -> {
                t.devices().insert(device(1));
                throw refusal;
            }));
            assertSame(refusal, thrown);
            assertEquals(0L, txLong(t -> t.devices().count()));
        }

        @Test
        void aNestedCallJoinsTheRunningTransaction() {
            assertThrows(IllegalStateException.class, () -> run(t -> {
                t.devices().insert(device(1));
                store.inTransaction(inner -> {
                    assertTrue(inner.devices().find(device(1).id()).isPresent());
                    inner.devices().insert(device(2));
                    return null;
                });
                throw new IllegalStateException("abort outer");
            }));
            assertEquals(0L, txLong(t -> t.devices().count()));
        }

        @Test
        void aClosedStoreRefusesTransactions() {
            store.close();
            assertThrows(DammException.class, () -> tx(t -> t.devices().count()));
            store = newStore();
        }
    }

    // ---- admission history --------------------------------------------------------------------

    private static final GatewayId HISTORY_GW = GatewayId.of("gw-history");

    private static AdmissionSnapshot snapshot(long serial) {
        return new AdmissionSnapshot(HISTORY_GW, serial, ("{\"set\":" + serial + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8),
                T0.plusSeconds(serial));
    }

    private static Optional<AdmissionStep> step(long base, long serial) {
        return Optional.of(new AdmissionStep(HISTORY_GW, base, serial,
                ("{\"delta\":" + serial + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void admissionHistoryKeepsTheNewestSnapshotAndTheStepsAfterASerial() {
        assertEquals(Optional.empty(), tx(t -> t.admissionHistory().latest(HISTORY_GW)));
        run(t -> t.admissionHistory().record(snapshot(1), Optional.empty(), 8));
        run(t -> t.admissionHistory().record(snapshot(2), step(1, 2), 8));
        run(t -> t.admissionHistory().record(snapshot(3), step(2, 3), 8));

        assertEquals(Optional.of(snapshot(3)), tx(t -> t.admissionHistory().latest(HISTORY_GW)));
        assertEquals(OptionalLong.of(3), tx(t -> t.admissionHistory().latestSerial(HISTORY_GW)));
        assertEquals(OptionalLong.empty(), tx(t -> t.admissionHistory().latestSerial(GatewayId.of("gw-other"))));
        assertEquals(List.of(step(1, 2).get(), step(2, 3).get()), tx(t -> t.admissionHistory().stepsAfter(HISTORY_GW, 1, 10)));
        assertEquals(List.of(step(2, 3).get()), tx(t -> t.admissionHistory().stepsAfter(HISTORY_GW, 2, 10)));
        assertEquals(List.of(step(1, 2).get()), tx(t -> t.admissionHistory().stepsAfter(HISTORY_GW, 0, 1)));
        assertEquals(List.of(), tx(t -> t.admissionHistory().stepsAfter(HISTORY_GW, 3, 10)));
        assertEquals(List.of(), tx(t -> t.admissionHistory().stepsAfter(GatewayId.of("gw-other"), 0, 10)));
        assertEquals(Optional.empty(), tx(t -> t.admissionHistory().latest(GatewayId.of("gw-other"))));
    }

    @Test
    void admissionHistoryKeepsOnlyTheRetainedSteps() {
        run(t -> t.admissionHistory().record(snapshot(1), Optional.empty(), 2));
        for (long serial = 2; serial <= 6; serial++) {
            long s = serial;
            run(t -> t.admissionHistory().record(snapshot(s), step(s - 1, s), 2));
        }
        assertEquals(List.of(5L, 6L), tx(t -> t.admissionHistory().stepsAfter(HISTORY_GW, 0, 100)).stream().map(AdmissionStep::serial).toList());
        assertEquals(Optional.of(snapshot(6)), tx(t -> t.admissionHistory().latest(HISTORY_GW)));
    }

    @Test
    void anAdmissionSnapshotNotAboveTheNewestConflictsAndChangesNothing() {
        run(t -> t.admissionHistory().record(snapshot(1), Optional.empty(), 8));
        run(t -> t.admissionHistory().record(snapshot(2), step(1, 2), 8));
        assertFails(ErrorCode.CONFLICT, "snapshot.serial", () -> run(t -> t.admissionHistory().record(snapshot(2), step(1, 2), 8)));
        assertFails(ErrorCode.CONFLICT, "snapshot.serial", () -> run(t -> t.admissionHistory().record(snapshot(1), Optional.empty(), 8)));
        assertEquals(Optional.of(snapshot(2)), tx(t -> t.admissionHistory().latest(HISTORY_GW)));
        assertEquals(List.of(step(1, 2).get()), tx(t -> t.admissionHistory().stepsAfter(HISTORY_GW, 0, 10)));
    }

    @Test
    void anAdmissionStepForAnotherSerialOrAZeroRetentionIsRefused() {
        assertFails(ErrorCode.INVALID_ARGUMENT, "step", () -> run(t -> t.admissionHistory().record(snapshot(3), step(1, 2), 8)));
        assertFails(ErrorCode.INVALID_ARGUMENT, "retain", () -> run(t -> t.admissionHistory().record(snapshot(3), step(2, 3), 0)));
        assertEquals(Optional.empty(), tx(t -> t.admissionHistory().latest(HISTORY_GW)));
    }

    @Test
    void admissionHistoryWrittenInAFailedTransactionIsRolledBack() {
        run(t -> t.admissionHistory().record(snapshot(1), Optional.empty(), 8));
        assertThrows(IllegalStateException.class, () -> run(t -> {
            t.admissionHistory().record(snapshot(2), step(1, 2), 1);
            throw new IllegalStateException("abort");
        }));
        assertEquals(Optional.of(snapshot(1)), tx(t -> t.admissionHistory().latest(HISTORY_GW)));
        assertEquals(List.of(), tx(t -> t.admissionHistory().stepsAfter(HISTORY_GW, 0, 10)));
        run(t -> t.admissionHistory().record(snapshot(2), step(1, 2), 8));
        assertEquals(List.of(step(1, 2).get()), tx(t -> t.admissionHistory().stepsAfter(HISTORY_GW, 0, 10)));
    }

    // ---- admin tokens ---------------------------------------------------------------------

    private static AdminToken adminToken(String id, String scope, int seed, Instant at) {
        byte[] hash = new byte[32];
        java.util.Arrays.fill(hash, (byte) seed);
        return new AdminToken(id, scope, hash, at, "bootstrap", Optional.empty());
    }

    @org.junit.jupiter.api.Test
    void adminTokensKeepTheirHashScopeAndRevocation() {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        AdminToken a = adminToken("at-1", AdminToken.SCOPE_ADMIN, 7, t0);
        AdminToken b = adminToken("at-0", AdminToken.SCOPE_OPERATOR_READ, 9, t0.plusSeconds(5));
        run(t -> {
            t.adminTokens().insert(a);
            t.adminTokens().insert(b);
        });
        assertEquals(Optional.of(a), tx(t -> t.adminTokens().find("at-1")));
        assertTrue(java.util.Arrays.equals(a.secretHash(), tx(t -> t.adminTokens().find("at-1")).orElseThrow().secretHash()));
        assertEquals(List.of("at-1", "at-0"), tx(t -> t.adminTokens().list()).stream().map(AdminToken::id).toList(), "by creation time");
        assertEquals(2L, txLong(t -> t.adminTokens().count()));
        assertFails(ErrorCode.CONFLICT, "adminToken.id", () -> run(t -> t.adminTokens().insert(adminToken("at-1", AdminToken.SCOPE_ADMIN, 1, t0))));
        assertEquals(Optional.of(a), tx(t -> t.adminTokens().find("at-1")), "a refused insert changes nothing");
        run(t -> t.adminTokens().revoke("at-1", t0.plusSeconds(60)));
        AdminToken revoked = tx(t -> t.adminTokens().find("at-1")).orElseThrow();
        assertTrue(revoked.revoked());
        assertEquals(Optional.of(t0.plusSeconds(60)), revoked.revokedAt());
        assertFails(ErrorCode.NOT_FOUND, "adminToken.id", () -> run(t -> t.adminTokens().revoke("at-none", t0)));
        assertTrue(tx(t -> t.adminTokens().find("at-none")).isEmpty());
    }

    @org.junit.jupiter.api.Test
    void aRolledBackAdminTokenInsertLeavesNothing() {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        assertThrows(IllegalStateException.class, () -> run(t -> {
            t.adminTokens().insert(adminToken("at-1", AdminToken.SCOPE_ADMIN, 7, t0));
            throw new IllegalStateException("abort");
        }));
        assertEquals(0L, txLong(t -> t.adminTokens().count()));
    }

    @org.junit.jupiter.api.Test
    void gatewayCredentialsAndTokenLifetimesRoundTripAndAreFoundByHash() {
        Instant t0 = StoreFixtures.T0;
        Gateway provisioned = StoreFixtures.provisionedGateway(5).toBuilder()
                .registrationToken(StoreFixtures.bytes32("gateway-token", 5), t0.plusSeconds(3600)).build();
        run(t -> t.gateways().insert(provisioned));
        assertEquals(Optional.of(provisioned), tx(t -> t.gateways().find(provisioned.id())));
        assertEquals(Optional.of(t0.plusSeconds(3600)), tx(t -> t.gateways().find(provisioned.id())).orElseThrow().tokenExpiresAt());
        Gateway registered = StoreFixtures.gateway(5).toBuilder().tokenHash(provisioned.tokenHash()).tokenExpiresAt(t0.plusSeconds(3600))
                .tokenSpentAt(t0.plusSeconds(60)).credentialHash(StoreFixtures.bytes32("gateway-credential", 5)).build();
        run(t -> t.gateways().update(registered));
        Gateway found = tx(t -> t.gateways().find(registered.id())).orElseThrow();
        assertEquals(registered, found);
        assertEquals(Optional.of(t0.plusSeconds(60)), found.tokenSpentAt());
        assertTrue(java.util.Arrays.equals(StoreFixtures.bytes32("gateway-credential", 5), found.credentialHash().orElseThrow()));
        assertEquals(Optional.of(registered), tx(t -> t.gateways().findByCredentialHash(StoreFixtures.bytes32("gateway-credential", 5))));
        assertEquals(Optional.of(registered), tx(t -> t.gateways().findByTokenHash(provisioned.tokenHash())), "a spent token still names its gateway");
        assertEquals(Optional.empty(), tx(t -> t.gateways().findByCredentialHash(StoreFixtures.bytes32("gateway-credential", 404))));
        assertEquals(Optional.empty(), tx(t -> t.gateways().findByCredentialHash(provisioned.tokenHash())), "a token is not a credential");
    }

    @org.junit.jupiter.api.Test
    void aGatewayCredentialIsUniqueAndAReplacedOneIsForgotten() {
        byte[] first = StoreFixtures.bytes32("gateway-credential", 1);
        Gateway a = StoreFixtures.gateway(1).toBuilder().credentialHash(first).build();
        run(t -> t.gateways().insert(a));
        Gateway b = StoreFixtures.gateway(2).toBuilder().credentialHash(first).build();
        assertFails(ErrorCode.CONFLICT, "gateway.credentialHash", () -> run(t -> t.gateways().insert(b)));
        assertEquals(List.of(a), tx(t -> t.gateways().list()), "a refused insert changes nothing");
        byte[] second = StoreFixtures.bytes32("gateway-credential", 2);
        Gateway replaced = a.toBuilder().credentialHash(second).registrationToken(StoreFixtures.bytes32("gateway-token", 99), StoreFixtures.T0).build();
        assertThrows(IllegalStateException.class, () -> run(t -> {
            t.gateways().update(replaced);
            throw new IllegalStateException("abort");
        }));
        assertEquals(Optional.of(a), tx(t -> t.gateways().findByCredentialHash(first)), "a rolled-back replacement keeps the old credential");
        run(t -> t.gateways().update(replaced));
        assertEquals(Optional.empty(), tx(t -> t.gateways().findByCredentialHash(first)));
        assertEquals(Optional.of(replaced), tx(t -> t.gateways().findByCredentialHash(second)));
        run(t -> t.gateways().insert(b)); // the replaced credential's hash is free again
        assertEquals(Optional.of(b), tx(t -> t.gateways().findByCredentialHash(first)));
    }

    // ---- job leases, the report queue, pass expiry --------------------------------------------

    @org.junit.jupiter.api.Test
    void aJobLeaseHasOneHolderUntilItExpiresOrIsReleased() {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        assertTrue(txBool(t -> t.jobLeases().acquire("loop-tick", "server-a", t0, t0.plusSeconds(30))));
        assertFalse(txBool(t -> t.jobLeases().acquire("loop-tick", "server-b", t0.plusSeconds(10), t0.plusSeconds(40))), "held by a");
        assertTrue(txBool(t -> t.jobLeases().acquire("audit-retention", "server-b", t0, t0.plusSeconds(30))), "another job is free");
        assertTrue(txBool(t -> t.jobLeases().acquire("loop-tick", "server-a", t0.plusSeconds(20), t0.plusSeconds(50))), "the holder renews");
        assertEquals(Optional.of(new JobLease("loop-tick", "server-a", t0.plusSeconds(50))), tx(t -> t.jobLeases().find("loop-tick")));
        assertFalse(txBool(t -> t.jobLeases().acquire("loop-tick", "server-b", t0.plusSeconds(49), t0.plusSeconds(80))), "renewed, not expired");
        assertTrue(txBool(t -> t.jobLeases().acquire("loop-tick", "server-b", t0.plusSeconds(50), t0.plusSeconds(80))), "expired: b takes it");
        assertFalse(txBool(t -> t.jobLeases().acquire("loop-tick", "server-a", t0.plusSeconds(51), t0.plusSeconds(81))), "a lost it");
        run(t -> t.jobLeases().release("loop-tick", "server-a"));
        assertEquals("server-b", tx(t -> t.jobLeases().find("loop-tick")).orElseThrow().holder(), "only the holder releases");
        run(t -> t.jobLeases().release("loop-tick", "server-b"));
        assertEquals(Optional.empty(), tx(t -> t.jobLeases().find("loop-tick")));
        assertTrue(txBool(t -> t.jobLeases().acquire("loop-tick", "server-a", t0.plusSeconds(52), t0.plusSeconds(82))), "released: free again");
        assertEquals(List.of("audit-retention", "loop-tick"), tx(t -> t.jobLeases().list()).stream().map(JobLease::job).toList());
    }

    @org.junit.jupiter.api.Test
    void aLeaseTakenInAFailedTransactionIsNotHeld() {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        assertThrows(IllegalStateException.class, () -> run(t -> {
            t.jobLeases().acquire("loop-tick", "server-a", t0, t0.plusSeconds(30));
            throw new IllegalStateException("abort");
        }));
        assertTrue(txBool(t -> t.jobLeases().acquire("loop-tick", "server-b", t0, t0.plusSeconds(30))));
    }

    @org.junit.jupiter.api.Test
    void queuedReportsComeOutOnceInArrivalOrder() {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        dev.damm.core.score.PathKey path = new dev.damm.core.score.PathKey(GatewayId.of("gw-1"), FrontDoorId.of("fd-1"), EgressPoolId.of("pool-1"));
        dev.damm.core.score.ClientReport a = new dev.damm.core.score.ClientReport(path, t0, true, java.util.OptionalDouble.of(42.5),
                java.util.OptionalDouble.empty());
        dev.damm.core.score.ClientReport b = dev.damm.core.score.ClientReport.failure(path, t0.plusSeconds(1));
        dev.damm.core.score.ClientReport c = new dev.damm.core.score.ClientReport(path, t0.plusSeconds(2), true, java.util.OptionalDouble.empty(),
                java.util.OptionalDouble.of(80.0));
        run(t -> t.reportQueue().append(List.of(a, b)));
        run(t -> t.reportQueue().append(List.of(c)));
        assertEquals(3L, txLong(t -> t.reportQueue().size()));
        assertThrows(IllegalStateException.class, () -> run(t -> {
            t.reportQueue().take(10);
            throw new IllegalStateException("abort");
        }));
        assertEquals(List.of(a, b), tx(t -> t.reportQueue().take(2)), "a rolled-back take leaves the reports queued");
        assertEquals(List.of(c), tx(t -> t.reportQueue().take(10)));
        assertEquals(List.of(), tx(t -> t.reportQueue().take(10)));
        assertEquals(0L, txLong(t -> t.reportQueue().size()));
    }

    @org.junit.jupiter.api.Test
    void onlyExpiredUnusedPassesAreDeleted() {
        run(t -> {
            t.installPasses().insert(pass(1));
            t.installPasses().insert(pass(2));
            t.installPasses().insert(pass(3));
            t.installPasses().markUsed("pass-2", DeviceId.of("dev-2"), T0.plusSeconds(1));
        });
        Instant expiry = tx(t -> t.installPasses().find("pass-1")).orElseThrow().expiresAt();
        assertEquals(0L, (long) tx(t -> t.installPasses().deleteExpiredUnused(expiry, 100)), "not yet past its expiry");
        assertEquals(1L, (long) tx(t -> t.installPasses().deleteExpiredUnused(expiry.plusSeconds(1), 1)), "at most the limit");
        assertEquals(1L, (long) tx(t -> t.installPasses().deleteExpiredUnused(expiry.plusSeconds(1), 100)));
        assertEquals(Optional.empty(), tx(t -> t.installPasses().find("pass-1")));
        assertEquals(Optional.empty(), tx(t -> t.installPasses().find("pass-3")));
        assertTrue(tx(t -> t.installPasses().find("pass-2")).orElseThrow().isUsed(), "a used pass stays");
        assertEquals(Optional.empty(), tx(t -> t.installPasses().findBySecretHash(pass(1).secretHash())));
    }

    @org.junit.jupiter.api.Test
    void aGatewayThatNeverRegisteredCanBeRetiredWithoutAKey() {
        Gateway provisioned = StoreFixtures.provisionedGateway(7);
        run(t -> t.gateways().insert(provisioned));
        Gateway retired = provisioned.toBuilder().status(dev.damm.core.model.GatewayStatus.RETIRED).build();
        run(t -> t.gateways().update(retired));
        assertEquals(Optional.of(retired), tx(t -> t.gateways().find(provisioned.id())));
    }
}
