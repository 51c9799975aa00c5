package dev.damm.core.catalog;

import static dev.damm.core.trust.TestKeys.key;
import static dev.damm.core.trust.TestKeys.pin;
import static dev.damm.core.trust.TestKeys.root;
import static dev.damm.core.trust.TestKeys.signRoot;

import dev.damm.core.testing.FakeClock;
import dev.damm.core.trust.Ed25519SigningKey;
import dev.damm.core.trust.InMemoryTrustStore;
import dev.damm.core.trust.RootDocument;
import dev.damm.core.trust.SigningKey;
import dev.damm.core.trust.TrustStore;
import dev.damm.core.trust.TrustedRoot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A control plane and a client in one test: root v1 has three offline root keys (threshold 2)
 * and one online catalog key; the client pinned root v1 at enrollment.
 */
final class CatalogTestRig {
    static final Instant START = Instant.parse("2026-03-01T12:00:00Z");
    static final Instant ROOT_EXPIRES = Instant.parse("2027-03-01T00:00:00Z");
    static final CatalogScope SCOPE = CatalogScope.of("eu-central", "standard");

    final Ed25519SigningKey root1 = key(1);
    final Ed25519SigningKey root2 = key(2);
    final Ed25519SigningKey root3 = key(3);
    final Ed25519SigningKey catalogKey = key(20);
    final FakeClock clock = new FakeClock(START);
    final RootDocument rootV1 = root(1, ROOT_EXPIRES, 2, List.of(root1, root2, root3), List.of(catalogKey));
    final byte[] rootV1Envelope = signRoot(rootV1, List.of(root1, root2));
    final TrustedRoot pinned = pin(rootV1Envelope);

    TrustStore newStore() {
        return new InMemoryTrustStore(pinned);
    }

    CatalogVerifier verifier(TrustStore store) {
        return CatalogVerifier.builder(store, SCOPE).clock(clock).build();
    }

    CatalogBuilder catalog(long serial) {
        return CatalogBuilder.builder()
                .scope(SCOPE)
                .serial(serial)
                .clock(clock)
                .freshFor(Duration.ofHours(1))
                .validFor(Duration.ofDays(1))
                .addEntries(TestCatalogs.entries(3));
    }

    byte[] signed(long serial, SigningKey... keys) {
        return catalog(serial).sign(List.of(keys)).toJson();
    }

    byte[] signed(long serial) {
        return signed(serial, catalogKey);
    }
}
