package dev.damm.bench.catalog;

import dev.damm.core.trust.Ed25519PublicKey;
import dev.damm.core.trust.Ed25519SigningKey;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Raw Ed25519 sign and verify through DAMM's key types (BouncyCastle underneath), one thread.
 * A 20-byte message matches what {@code openssl speed ed25519} signs; see {@link SignatureBaseline}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SignatureBenchmark {
    @Param({"20", "8192"})
    public int messageBytes;

    private Ed25519SigningKey key;
    private Ed25519PublicKey publicKey;
    private byte[] message;
    private byte[] signature;

    @Setup
    public void setUp() {
        key = SyntheticCatalogs.key();
        publicKey = key.publicKey();
        message = new byte[messageBytes];
        for (int i = 0; i < message.length; i++) {
            message[i] = (byte) (i * 31);
        }
        signature = key.sign(message);
    }

    @Benchmark
    public byte[] sign() {
        return key.sign(message);
    }

    @Benchmark
    public boolean verify() {
        return publicKey.verify(message, signature);
    }
}
