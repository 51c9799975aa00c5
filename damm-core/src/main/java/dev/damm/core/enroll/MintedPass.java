package dev.damm.core.enroll;

import dev.damm.core.model.AccessTierId;
import java.time.Instant;

/** A freshly minted install pass; {@code secret} is shown only here, the store keeps its hash. */
public record MintedPass(String id, String secret, AccessTierId tierId, Instant expiresAt) {
    @Override
    public String toString() {
        return "MintedPass[" + id + ", tier " + tierId + ", expires " + expiresAt + ", secret=redacted]";
    }
}
