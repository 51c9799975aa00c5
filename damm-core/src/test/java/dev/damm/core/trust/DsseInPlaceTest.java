package dev.damm.core.trust;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.spi.DammException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** Signing a payload inside its own pre-authentication encoding gives exactly what plain signing gives. */
class DsseInPlaceTest {
    private static final String TYPE = "application/vnd.damm.test+json";

    private static byte[] behindHeadroom(DsseSigner signer, byte[] payload) {
        int room = signer.headroom(payload.length);
        byte[] buffer = new byte[room + payload.length];
        System.arraycopy(payload, 0, buffer, room, payload.length);
        return buffer;
    }

    @Test
    void inPlaceSigningWritesTheSameEnvelopeAsPlainSigning() throws IOException {
        DsseSigner signer = new DsseSigner(TYPE, List.of(TestKeys.key(1), TestKeys.key(2)));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int length : new int[] {0, 1, 2, 3, 100, 8191, 100_000}) {
                byte[] payload = new byte[length];
                Arrays.fill(payload, (byte) 'x');
                if (length > 0) {
                    payload[length - 1] = '}';
                }
                byte[] expected = signer.sign(payload).toJson();
                for (var executor : Arrays.asList(null, pool, (java.util.concurrent.Executor) Runnable::run)) {
                    DsseEnvelope env = signer.signInPlace(behindHeadroom(signer, payload), length, executor);
                    assertArrayEquals(expected, env.toJson(), "length " + length);
                    assertArrayEquals(payload, env.payload());
                    assertEquals(length, env.payloadLength());
                    assertArrayEquals(Dsse.pae(TYPE, payload), env.pae());
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    env.writeTo(out);
                    assertArrayEquals(expected, out.toByteArray());
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anInPlaceEnvelopeVerifiesAndCanBeCountersigned() {
        Ed25519SigningKey a = TestKeys.key(1);
        Ed25519SigningKey b = TestKeys.key(2);
        byte[] payload = "{\"hello\":\"world\"}".getBytes(StandardCharsets.UTF_8);
        DsseSigner signer = new DsseSigner(TYPE, a);
        DsseEnvelope env = new DsseSigner(TYPE, b).countersign(signer.signInPlace(behindHeadroom(signer, payload), payload.length, null));
        DsseVerification v = new DsseVerifier(TYPE, new KeyQuorum(List.of(a.publicKey(), b.publicKey()), 2)).verify(env.toJson());
        assertEquals(2, assertInstanceOf(DsseVerification.Verified.class, v).signers().size());
    }

    @Test
    void aSignatureOfAnotherLengthStillGivesTheRightJson() {
        Ed25519SigningKey real = TestKeys.key(3);
        SigningKey odd = new SigningKey() {
            @Override
            public Ed25519PublicKey publicKey() {
                return real.publicKey();
            }

            @Override
            public byte[] sign(byte[] message) {
                return Arrays.copyOf(real.sign(message), 70);
            }
        };
        DsseSigner signer = new DsseSigner(TYPE, odd);
        byte[] payload = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(signer.sign(payload).toJson(), signer.signInPlace(behindHeadroom(signer, payload), payload.length, null).toJson());
    }

    @Test
    void aBufferWithoutTheRightHeadroomIsRefused() {
        DsseSigner signer = new DsseSigner(TYPE, TestKeys.key(1));
        DammException e = assertThrows(DammException.class, () -> signer.signInPlace(new byte[10], 5, null));
        assertTrue(e.getMessage().startsWith("buffer:"), e.getMessage());
    }

    @Test
    void theHeaderIsWhatPreAuthenticationPutsBeforeThePayload() {
        byte[] payload = "abc".getBytes(StandardCharsets.UTF_8);
        byte[] pae = Dsse.pae(TYPE, payload);
        assertArrayEquals(Arrays.copyOf(pae, pae.length - 3), Dsse.paeHeader(TYPE, 3));
    }
}
