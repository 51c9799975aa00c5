package dev.damm.core.trust;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DsseTest {

    @Test
    void preAuthenticationEncodingMatchesTheDsseSpecificationExample() {
        byte[] pae = Dsse.pae("http://example.com/HelloWorld", "hello world".getBytes(StandardCharsets.UTF_8));
        assertEquals("DSSEv1 29 http://example.com/HelloWorld 11 hello world", new String(pae, StandardCharsets.UTF_8));
    }

    @Test
    void preAuthenticationEncodingCountsBytesNotCharacters() {
        byte[] pae = Dsse.pae("t", "é".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals("DSSEv1 1 t 2 é".getBytes(StandardCharsets.UTF_8), pae);
    }

    @Test
    void envelopeSurvivesAJsonRoundTripByteForByte() {
        byte[] payload = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        DsseEnvelope env = new DsseSigner("application/x-test", List.of(TestKeys.key(1), TestKeys.key(2))).sign(payload);
        byte[] json = env.toJson();
        DsseEnvelope back = DsseEnvelope.parse(json);
        assertEquals("application/x-test", back.payloadType());
        assertArrayEquals(payload, back.payload());
        assertEquals(env.signatures(), back.signatures());
        assertArrayEquals(json, back.toJson());
        assertTrue(new String(json, StandardCharsets.UTF_8).startsWith("{\"payloadType\":\"application/x-test\",\"payload\":\"eyJhIjoxfQ==\""));
    }

    @Test
    void envelopeAcceptsUrlSafeBase64AsDsseAllows() {
        String json = "{\"payloadType\":\"t\",\"payload\":\"-_8\",\"signatures\":[{\"keyid\":\"k\",\"sig\":\"AAAA\"}]}";
        assertArrayEquals(new byte[] {(byte) 0xfb, (byte) 0xff}, DsseEnvelope.parse(json.getBytes(StandardCharsets.UTF_8)).payload());
    }

    @Test
    void envelopeWithUnknownFieldIsMalformed() {
        String json = "{\"payloadType\":\"t\",\"payload\":\"\",\"signatures\":[{\"keyid\":\"k\",\"sig\":\"AAAA\"}],\"extra\":1}";
        DammException e = assertThrows(DammException.class, () -> DsseEnvelope.parse(json.getBytes(StandardCharsets.UTF_8)));
        assertEquals(ErrorCode.MALFORMED_INPUT, e.errorCode());
        assertTrue(e.getMessage().startsWith("envelope:"), e.getMessage());
    }

    @Test
    void envelopeWithDuplicateKeyIsMalformed() {
        String json = "{\"payloadType\":\"t\",\"payloadType\":\"u\",\"payload\":\"\",\"signatures\":[{\"keyid\":\"k\",\"sig\":\"AAAA\"}]}";
        assertEquals(ErrorCode.MALFORMED_INPUT,
                assertThrows(DammException.class, () -> DsseEnvelope.parse(json.getBytes(StandardCharsets.UTF_8))).errorCode());
    }

    @Test
    void envelopeWithoutSignaturesIsMalformed() {
        String json = "{\"payloadType\":\"t\",\"payload\":\"\",\"signatures\":[]}";
        DammException e = assertThrows(DammException.class, () -> DsseEnvelope.parse(json.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().startsWith("envelope.signatures:"), e.getMessage());
    }

    @Test
    void countersigningAddsASecondHoldersSignatureOverTheSameBytes() {
        DsseEnvelope first = new DsseSigner("t", TestKeys.key(1)).sign(new byte[] {1, 2, 3});
        DsseEnvelope both = new DsseSigner("t", TestKeys.key(2)).countersign(first);
        assertEquals(2, both.signatures().size());
        DsseVerifier verifier = new DsseVerifier("t", KeyQuorum.of(2, TestKeys.key(1).publicKey(), TestKeys.key(2).publicKey()));
        assertTrue(verifier.verify(both.toJson()).verified());
    }

    @Test
    void countersigningAnEnvelopeOfAnotherTypeIsRefused() {
        DsseEnvelope first = new DsseSigner("t", TestKeys.key(1)).sign(new byte[] {1});
        DammException e = assertThrows(DammException.class, () -> new DsseSigner("u", TestKeys.key(2)).countersign(first));
        assertTrue(e.getMessage().startsWith("envelope.payloadType:"), e.getMessage());
    }
}
