package dev.damm.core.trust;

import dev.damm.spi.Require;
import java.util.regex.Pattern;

/**
 * The newest signed document a client accepted for one scope: its serial and the lower-case hex
 * SHA-256 of its payload, so the same serial with different content is told apart.
 */
public record AcceptedSerial(long serial, String payloadSha256) {
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    public AcceptedSerial {
        Require.nonNegative("serial", serial);
        Require.matches("payloadSha256", payloadSha256, HEX64, 64, "64 lower-case hex digits");
    }
}
