package dev.damm.examples.catalog;

import dev.damm.spi.provider.ProviderId;
import dev.damm.core.catalog.CatalogBuilder;
import dev.damm.core.catalog.CatalogEntry;
import dev.damm.core.catalog.CatalogScope;
import dev.damm.core.catalog.CatalogVerifier;
import dev.damm.core.catalog.ComponentRole;
import dev.damm.core.catalog.FrontDoor;
import dev.damm.core.model.FrontDoorState;
import dev.damm.core.catalog.PathComponent;
import dev.damm.core.catalog.TransportParams;
import dev.damm.core.catalog.Verification;
import dev.damm.core.trust.DsseSigner;
import dev.damm.core.trust.Ed25519SigningKey;
import dev.damm.core.trust.FileTrustStore;
import dev.damm.core.trust.KeyFiles;
import dev.damm.core.trust.KeyQuorum;
import dev.damm.core.trust.RootDocument;
import dev.damm.core.trust.RootUpdate;
import dev.damm.core.trust.RootVerifier;
import dev.damm.core.trust.SigningKey;
import dev.damm.core.trust.TrustStore;
import dev.damm.spi.net.CountryCode;
import dev.damm.spi.net.Endpoint;
import dev.damm.spi.transport.TransportTier;
import dev.damm.spi.wireguard.WireGuardKey;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Signs a catalog on the "control plane" and verifies it on a "client", then replaces the
 * catalog key through a new root without re-enrolling the client. Uses the public API only.
 *
 * <p>Usage: {@code SignAndVerifyCatalog [output-dir]}. The directory receives {@code catalog.json},
 * {@code catalog-pub.pem} and {@code root-1.json}, so the openssl recipe in docs/catalog.md can be
 * tried on them.
 */
public final class SignAndVerifyCatalog {
    private SignAndVerifyCatalog() {}

    public static void main(String[] args) throws IOException {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("damm-catalog-");
        run(dir, Clock.systemUTC(), System.out);
    }

    /** Runs the walk-through, writing files into {@code dir}; returns the last verification. */
    public static Verification run(Path dir, Clock clock, PrintStream out) throws IOException {
        SecureRandom random = new SecureRandom();
        CatalogScope scope = CatalogScope.of("eu-central", "standard");

        // 1. Offline ceremony: three root keys (any two may act) and one online catalog key.
        List<Ed25519SigningKey> rootKeys = List.of(
                Ed25519SigningKey.generate(random), Ed25519SigningKey.generate(random), Ed25519SigningKey.generate(random));
        Ed25519SigningKey catalogKey = Ed25519SigningKey.generate(random);
        RootDocument root1 = RootDocument.builder()
                .version(1)
                .expires(clock.instant().plus(Duration.ofDays(365)))
                .rootKeys(new KeyQuorum(rootKeys.stream().map(Ed25519SigningKey::publicKey).toList(), 2))
                .catalogKeys(KeyQuorum.single(catalogKey.publicKey()))
                .build();
        byte[] root1Envelope = signRoot(root1, rootKeys.get(0), rootKeys.get(1));
        Files.write(dir.resolve("root-1.json"), root1Envelope);
        Files.writeString(dir.resolve("catalog-pub.pem"), KeyFiles.publicKeyPem(catalogKey.publicKey()));

        // 2. Control plane: publish catalog serial 1.
        byte[] catalog1 = catalog(scope, 1, clock).sign(catalogKey).toJson();
        Files.write(dir.resolve("catalog.json"), catalog1);
        out.println("published catalog 1 (" + catalog1.length + " bytes) signed by " + catalogKey.keyId());

        // 3. Client: pin root 1 at enrollment, then verify what it fetches.
        RootUpdate pinned = new RootVerifier().pin(root1Envelope);
        if (!(pinned instanceof RootUpdate.Accepted accepted)) {
            throw new IllegalStateException("root 1 did not verify: " + pinned);
        }
        TrustStore store = FileTrustStore.create(dir.resolve("client-trust.json"), accepted.root());
        CatalogVerifier client = CatalogVerifier.builder(store, scope).clock(clock).build();
        out.println("client: catalog 1 -> " + describe(client.verify(catalog1)));

        // 4. The catalog key is lost: two root holders sign root 2 naming a new catalog key.
        Ed25519SigningKey newCatalogKey = Ed25519SigningKey.generate(random);
        RootDocument root2 = root1.toNextVersion()
                .expires(clock.instant().plus(Duration.ofDays(365)))
                .catalogKeys(KeyQuorum.single(newCatalogKey.publicKey()))
                .build();
        byte[] root2Envelope = signRoot(root2, rootKeys.get(1), rootKeys.get(2));
        byte[] catalog2 = catalog(scope, 2, clock).sign(newCatalogKey).toJson();
        out.println("client: catalog 2 alone -> " + describe(client.verify(catalog2)));
        Verification withRoot = client.verify(catalog2, List.of(root2Envelope));
        out.println("client: catalog 2 with root 2 -> " + describe(withRoot));

        // 5. Replaying catalog 1 now is a rollback.
        out.println("client: catalog 1 replayed -> " + describe(client.verify(catalog1)));
        return withRoot;
    }

    private static byte[] signRoot(RootDocument root, SigningKey first, SigningKey second) {
        // Each holder signs on their own machine; the envelope collects both signatures.
        var envelope = new DsseSigner(RootDocument.PAYLOAD_TYPE, first).sign(root.toJson());
        return new DsseSigner(RootDocument.PAYLOAD_TYPE, second).countersign(envelope).toJson();
    }

    private static CatalogBuilder catalog(CatalogScope scope, long serial, Clock clock) {
        Endpoint ip = Endpoint.parse("203.0.113.10:51820");
        CatalogEntry path = new CatalogEntry(
                "fra-1",
                List.of(PathComponent.of(ComponentRole.INGRESS, ProviderId.of("hetzner")), PathComponent.of(ComponentRole.EGRESS, ProviderId.of("hetzner"))),
                0.97,
                WireGuardKey.parse("xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg="),
                CountryCode.of("DE"),
                List.of(FrontDoor.wireGuard("fra-1-t0", ip, 0),
                        new FrontDoor("fra-1-t1", Endpoint.parse("203.0.113.10:443"), TransportTier.T1,
                                TransportParams.amneziaWg(4, 40, 70, 15, 92, 1106457265, 249455488, 1209847463, 1646644382),
                                10, FrontDoorState.ACTIVE)));
        return CatalogBuilder.builder()
                .scope(scope)
                .serial(serial)
                .clock(clock)
                .freshFor(Duration.ofHours(1))
                .validFor(Duration.ofDays(7))
                .addEntry(path);
    }

    private static String describe(Verification v) {
        if (v instanceof Verification.Trusted t) {
            return "trusted: serial " + t.catalog().serial() + ", " + t.catalog().entries().size() + " path(s), root v" + t.rootVersion()
                    + (t.stale() ? ", stale: refetch" : "");
        }
        Verification.Rejected r = (Verification.Rejected) v;
        return "rejected: " + r.reason().code() + " (" + r.detail() + ")";
    }
}
