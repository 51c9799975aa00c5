package dev.damm.core.store;

import dev.damm.core.model.AccessTier;
import dev.damm.spi.Require;
import java.util.Optional;

/**
 * What an enrollment reads before it places the device, in one step: the pass, its tier, the
 * tier's active device count and whether the public key is enrolled already. The enrollment
 * service judges these (so its errors name the first rule broken); the write that follows
 * checks them again atomically, so a value that changed in between is caught there.
 *
 * @param pass the pass whose secret hash was asked for, if any
 * @param tier the pass's tier, if the pass exists and the tier still does
 * @param activeDevices active devices of that tier (0 without a tier)
 * @param publicKeyTaken true when a device holds the public key
 */
public record EnrollmentLookup(Optional<InstallPass> pass, Optional<AccessTier> tier, long activeDevices, boolean publicKeyTaken) {
    public EnrollmentLookup {
        Require.nonNull("lookup.pass", pass);
        Require.nonNull("lookup.tier", tier);
        Require.nonNegative("lookup.activeDevices", activeDevices);
    }
}
