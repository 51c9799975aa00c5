package dev.damm.core.catalog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.damm.core.trust.DsseSigner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Big catalogs are encoded in pieces on several threads: the bytes must not depend on how many. */
class ParallelCatalogTest {
    // Above the parallel threshold, and not a whole number of pieces.
    private static final int ENTRIES = CatalogBuilder.PARALLEL_THRESHOLD + CatalogCodec.CHUNK_ENTRIES / 2 + 37;
    private static final List<CatalogEntry> ENTRY_LIST = TestCatalogs.entries(ENTRIES);
    private static ForkJoinPool one;
    private static ForkJoinPool four;
    private static ExecutorService fixed;

    private final CatalogTestRig rig = new CatalogTestRig();

    @BeforeAll
    static void startPools() {
        one = new ForkJoinPool(1);
        four = new ForkJoinPool(4);
        fixed = Executors.newFixedThreadPool(3);
    }

    @AfterAll
    static void stopPools() {
        one.shutdownNow();
        four.shutdownNow();
        fixed.shutdownNow();
    }

    private CatalogBuilder builder() {
        return rig.catalog(9).addEntries(ENTRY_LIST.subList(3, ENTRY_LIST.size()));
    }

    @Test
    void piecesJoinToTheSameBytesWhateverTheThreadCount() {
        Catalog catalog = builder().build();
        byte[] plain = CatalogCodec.encode(catalog);
        for (Workers w : List.of(Workers.CALLER, Workers.on(Runnable::run), Workers.on(one), Workers.on(four), Workers.on(fixed))) {
            assertArrayEquals(plain, CatalogCodec.encode(catalog, w));
        }
        CatalogCodec.Encoded behind = CatalogCodec.encode(catalog, Workers.on(four), length -> 17);
        assertEquals(17, behind.offset());
        assertArrayEquals(plain, Arrays.copyOfRange(behind.bytes(), 17, behind.bytes().length));
        assertEquals(catalog, CatalogCodec.decode(plain));
    }

    @Test
    void signedEnvelopesAreTheSameBytesWhateverTheExecutor() throws IOException {
        byte[] reference = new DsseSigner(Catalog.PAYLOAD_TYPE, rig.catalogKey).sign(CatalogCodec.encode(builder().build())).toJson();
        for (var executor : List.of(ForkJoinPool.commonPool(), one, four, fixed, (java.util.concurrent.Executor) Runnable::run)) {
            SignedCatalog signed = builder().executor(executor).sign(rig.catalogKey);
            assertArrayEquals(reference, signed.toJson());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            signed.writeTo(out);
            assertArrayEquals(reference, out.toByteArray());
            assertEquals(reference.length, signed.envelope().jsonLength());
        }
    }

    @Test
    void anExecutorThatNeverRunsOrRefusesTheWorkOnlyLeavesItToTheCallingThread() {
        byte[] reference = builder().executor(Runnable::run).sign(rig.catalogKey).toJson();
        assertArrayEquals(reference, builder().executor(task -> { }).sign(rig.catalogKey).toJson());
        assertArrayEquals(reference, builder().executor(task -> {
            throw new RejectedExecutionException("full");
        }).sign(rig.catalogKey).toJson());
    }

    @Test
    void aBigCatalogSignedInParallelVerifies() {
        byte[] envelope = builder().executor(four).sign(rig.catalogKey).toJson();
        Verification v = CatalogVerifier.builder(rig.newStore(), CatalogTestRig.SCOPE).clock(rig.clock).maxBytes(16 << 20).build().verify(envelope);
        Verification.Trusted t = assertInstanceOf(Verification.Trusted.class, v);
        assertEquals(ENTRIES, t.catalog().entries().size());
    }
}
