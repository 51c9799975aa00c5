package dev.damm.core.enroll;

import dev.damm.spi.Require;

/**
 * What a device pins at enrollment to verify catalogs later: the signed root document of the
 * catalog trust chain and its version.
 */
public record TrustAnchor(long rootVersion, byte[] signedRoot) {
    public TrustAnchor {
        Require.range("trustAnchor.rootVersion", rootVersion, 1, Long.MAX_VALUE);
        Require.nonNull("trustAnchor.signedRoot", signedRoot);
        signedRoot = signedRoot.clone();
    }

    @Override
    public byte[] signedRoot() {
        return signedRoot.clone();
    }
}
