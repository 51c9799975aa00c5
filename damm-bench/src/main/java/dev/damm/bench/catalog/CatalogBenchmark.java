package dev.damm.bench.catalog;

import dev.damm.core.catalog.Catalog;
import dev.damm.core.catalog.CatalogBuilder;
import dev.damm.core.catalog.CatalogEntry;
import dev.damm.core.catalog.CatalogScope;
import dev.damm.core.catalog.CatalogVerifier;
import dev.damm.core.catalog.SignedCatalog;
import dev.damm.core.catalog.Verification;
import dev.damm.core.trust.DsseSigner;
import dev.damm.core.trust.DsseVerification;
import dev.damm.core.trust.DsseVerifier;
import dev.damm.core.trust.Ed25519SigningKey;
import dev.damm.core.trust.InMemoryTrustStore;
import dev.damm.core.trust.KeyQuorum;
import dev.damm.core.trust.RootDocument;
import dev.damm.core.trust.RootUpdate;
import dev.damm.core.trust.RootVerifier;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Whole-catalog costs: a client verifying a per-region top-16 catalog (envelope signature only,
 * and the full {@link CatalogVerifier} path, one thread), and a control plane building and signing
 * the 10,000-gateway catalog (with the common pool's help, and on one thread).
 */
@State(Scope.Thread)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class CatalogBenchmark {
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final CatalogScope SCOPE = CatalogScope.of("eu-central", "standard");

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private Ed25519SigningKey key;
    private List<CatalogEntry> global;
    private byte[] regional;
    private DsseVerifier envelopeVerifier;
    private CatalogVerifier catalogVerifier;

    @Setup
    public void setUp() {
        key = SyntheticCatalogs.key();
        global = SyntheticCatalogs.entries("eu-central", 10_000, 1);
        regional = CatalogBuilder.builder().scope(SCOPE).serial(1).clock(clock)
                .addEntries(SyntheticCatalogs.entries("eu-central", 16, 2)).sign(key).toJson();
        envelopeVerifier = new DsseVerifier(Catalog.PAYLOAD_TYPE, KeyQuorum.single(key.publicKey()));
        Ed25519SigningKey rootKey = Ed25519SigningKey.fromSeed(new byte[32]);
        RootDocument root = RootDocument.builder().version(1).expires(NOW.plusSeconds(86_400 * 365))
                .rootKeys(KeyQuorum.single(rootKey.publicKey())).catalogKeys(KeyQuorum.single(key.publicKey())).build();
        RootUpdate pinned = new RootVerifier().pin(new DsseSigner(RootDocument.PAYLOAD_TYPE, rootKey).sign(root.toJson()).toJson());
        catalogVerifier = CatalogVerifier.builder(new InMemoryTrustStore(((RootUpdate.Accepted) pinned).root()), SCOPE).clock(clock).build();
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public DsseVerification verifyRegionalEnvelope() {
        return envelopeVerifier.verify(regional);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Verification verifyRegionalCatalog() {
        return catalogVerifier.verify(regional);
    }

    /** Build, encode, sign and write out the envelope, with the default executor (the common pool) helping. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public SignedCatalog buildAndSignGlobalCatalog() throws IOException {
        SignedCatalog signed = CatalogBuilder.builder().scope(SCOPE).serial(2).clock(clock).addEntries(global).sign(key);
        signed.writeTo(OutputStream.nullOutputStream());
        return signed;
    }

    /** The same on the calling thread only. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public SignedCatalog buildAndSignGlobalCatalogOneThread() throws IOException {
        SignedCatalog signed = CatalogBuilder.builder().scope(SCOPE).serial(2).clock(clock).addEntries(global).executor(Runnable::run).sign(key);
        signed.writeTo(OutputStream.nullOutputStream());
        return signed;
    }
}
