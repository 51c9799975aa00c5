package dev.damm.core.enroll;

import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.Require;
import dev.damm.spi.net.CountryCode;
import dev.damm.spi.net.RegionCode;
import java.util.Locale;
import java.util.Optional;

/**
 * A device's enrollment: the install pass, its <em>public</em> key as base64, and hints.
 *
 * <p>Text fields are kept raw so the service can tell a private key pasted by mistake apart from
 * a malformed key and answer {@link ErrorCode#PRIVATE_KEY_REFUSED}.
 *
 * @param clientAddress the caller's network address, for rate limiting
 */
public record EnrollmentRequest(String installPass, String publicKey, Optional<String> name, Optional<RegionCode> region,
        Optional<CountryCode> exitCountry, boolean quarantineSession, String clientAddress) {

    public EnrollmentRequest {
        Require.nonNull("name", name);
        Require.nonNull("region", region);
        Require.nonNull("exitCountry", exitCountry);
        Require.text("clientAddress", clientAddress, 64);
        refusePrivateMaterial("publicKey", publicKey);
        name.ifPresent(n -> {
            Require.text("name", n, 128);
            refusePrivateMaterial("name", n);
        });
    }

    /**
     * Refuses text that carries private key material: a WireGuard {@code PrivateKey =} line, a
     * PEM private key block. The control plane must never receive one, so it says so plainly.
     */
    public static void refusePrivateMaterial(String field, String value) {
        if (value == null) {
            return;
        }
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.contains("privatekey") || lower.contains("private key") || lower.contains("presharedkey")) {
            throw new DammException(ErrorCode.PRIVATE_KEY_REFUSED,
                    field + ": looks like private key material; send only the public key (wg pubkey < private.key)");
        }
    }
}
