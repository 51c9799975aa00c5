package dev.damm.core.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.damm.core.catalog.CatalogScope;
import dev.damm.core.score.ScoreBook;
import dev.damm.core.store.AccessTierRepository;
import dev.damm.core.store.AddressLeaseRepository;
import dev.damm.core.store.AdmissionHistoryRepository;
import dev.damm.core.store.AuditRepository;
import dev.damm.core.store.DammStore;
import dev.damm.core.store.DeviceRepository;
import dev.damm.core.store.EgressPoolRepository;
import dev.damm.core.store.GatewayRepository;
import dev.damm.core.store.InMemoryStore;
import dev.damm.core.store.InstallPassRepository;
import dev.damm.core.store.Publication;
import dev.damm.core.store.PublicationRepository;
import dev.damm.core.store.PublishedKeyRepository;
import dev.damm.core.store.StoreTransaction;
import dev.damm.core.store.UsageRepository;
import dev.damm.core.testing.ControlPlaneFixture;
import dev.damm.core.trust.Ed25519SigningKey;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import java.security.SecureRandom;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Another server recording the scope's next serial between this publisher's read of the last serial
 * and its record of the new one: the store refuses the late one, and the publisher signs again with
 * the serial after instead of failing or reusing the other server's serial.
 */
class CatalogSerialRaceTest {
    private final CatalogScope scope = CatalogScope.of("eu-central", "standard");
    private final ControlPlaneFixture f = new ControlPlaneFixture();

    /** A store whose first {@code staleReads} reads of a publication head miss the newest serial, as a racing server's would. */
    static final class StaleHeads implements DammStore {
        final InMemoryStore inner = new InMemoryStore();
        final AtomicInteger staleReads;

        StaleHeads(int staleReads) {
            this.staleReads = new AtomicInteger(staleReads);
        }

        @Override
        public <T> T inTransaction(Function<StoreTransaction, T> work) {
            return inner.inTransaction(tx -> work.apply(new Tx(tx)));
        }

        @Override
        public void close() {
            inner.close();
        }

        final class Tx implements StoreTransaction {
            final StoreTransaction tx;

            Tx(StoreTransaction tx) {
                this.tx = tx;
            }

            @Override public DeviceRepository devices() { return tx.devices(); }
            @Override public InstallPassRepository installPasses() { return tx.installPasses(); }
            @Override public GatewayRepository gateways() { return tx.gateways(); }
            @Override public EgressPoolRepository egressPools() { return tx.egressPools(); }
            @Override public AccessTierRepository accessTiers() { return tx.accessTiers(); }
            @Override public AddressLeaseRepository addressLeases() { return tx.addressLeases(); }
            @Override public UsageRepository usage() { return tx.usage(); }
            @Override public AuditRepository audit() { return tx.audit(); }
            @Override public PublishedKeyRepository keys() { return tx.keys(); }
            @Override public AdmissionHistoryRepository admissionHistory() { return tx.admissionHistory(); }

            @Override
            public PublicationRepository publications() {
                PublicationRepository p = tx.publications();
                return new PublicationRepository() {
                    @Override
                    public OptionalLong lastSerial(String kind, String scope) {
                        OptionalLong real = p.lastSerial(kind, scope);
                        if (real.isPresent() && staleReads.getAndDecrement() > 0) {
                            return real.getAsLong() > 1 ? OptionalLong.of(real.getAsLong() - 1) : OptionalLong.empty();
                        }
                        return real;
                    }

                    @Override
                    public void record(Publication publication) {
                        p.record(publication);
                    }

                    @Override
                    public List<Publication> recent(String kind, String scope, int limit) {
                        return p.recent(kind, scope, limit);
                    }
                };
            }
        }
    }

    private static Publication byOtherServer(long serial) {
        return new Publication("catalog", "eu-central/standard", serial, "0".repeat(64), java.time.Instant.parse("2026-11-21T10:00:00Z"));
    }

    @Test
    void aSerialTakenByAnotherServerIsSignedAgainWithTheNext() {
        StaleHeads store = new StaleHeads(2);
        store.inner.inTransaction(tx -> {
            tx.publications().record(byOtherServer(1));
            tx.publications().record(byOtherServer(2));
            return null;
        });
        CatalogPublisher publisher = CatalogPublisher.builder(store, Ed25519SigningKey.generate(new SecureRandom())).clock(f.clock).build();
        CatalogPublisher.Published p = publisher.sign(publisher.draft(scope, ScoreBook.builder().clock(f.clock).build()));
        assertEquals(3, p.publication().serial(), "signed again after two refusals, with the serial after the other server's");
        assertEquals(3, p.catalog().catalog().serial());
        assertEquals(List.of(3L, 2L, 1L), store.inner.inTransaction(tx -> tx.publications().recent("catalog", scope.key(), 10)).stream()
                .map(Publication::serial).toList(), "each serial recorded once");
    }

    @Test
    void aPublisherThatKeepsLosingGivesUpWithAConflict() {
        StaleHeads store = new StaleHeads(Integer.MAX_VALUE);
        store.inner.inTransaction(tx -> {
            tx.publications().record(byOtherServer(1));
            return null;
        });
        CatalogPublisher publisher = CatalogPublisher.builder(store, Ed25519SigningKey.generate(new SecureRandom())).clock(f.clock).build();
        DammException e = assertThrows(DammException.class,
                () -> publisher.sign(publisher.draft(scope, ScoreBook.builder().clock(f.clock).build())));
        assertEquals(ErrorCode.CONFLICT, e.errorCode());
        assertEquals(1, store.inner.inTransaction(tx -> tx.publications().recent("catalog", scope.key(), 10)).size(), "nothing recorded");
    }
}
