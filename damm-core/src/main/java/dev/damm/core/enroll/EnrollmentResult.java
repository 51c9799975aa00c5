package dev.damm.core.enroll;

import dev.damm.core.model.Device;
import dev.damm.spi.Require;
import java.util.List;

/**
 * What a successful enrollment returns: the stored device, a bearer credential shown this once
 * (only its hash is stored), the peer material for the device's config, the trust anchor to pin,
 * and why it was placed where it was.
 */
public record EnrollmentResult(Device device, String credential, PeerMaterial peer, TrustAnchor trustAnchor,
        List<String> explanation, boolean substituted) {
    public EnrollmentResult {
        Require.nonNull("device", device);
        Require.text("credential", credential, 128);
        Require.nonNull("peer", peer);
        Require.nonNull("trustAnchor", trustAnchor);
        explanation = List.copyOf(explanation);
    }

    @Override
    public String toString() {
        return "EnrollmentResult[" + device + ", credential=redacted]";
    }
}
