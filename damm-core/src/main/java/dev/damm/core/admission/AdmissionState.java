package dev.damm.core.admission;

import dev.damm.spi.Require;
import java.time.Instant;

/** What a gateway must have configured now, according to its {@link AdmissionVerifier}. */
public sealed interface AdmissionState permits AdmissionState.Apply, AdmissionState.DropAll {

    /**
     * Keep exactly the peers of {@code set} until {@code appliesUntil}.
     *
     * @param inOutageGrace true when past the set's valid-until, within the configured grace for a
     *     control plane that cannot be reached; a revocation made meanwhile waits for reachability
     */
    record Apply(AdmissionSet set, Instant appliesUntil, boolean inOutageGrace) implements AdmissionState {
        public Apply {
            Require.nonNull("set", set);
            Require.nonNull("appliesUntil", appliesUntil);
        }
    }

    /** Admit no peer: no set was ever accepted, or the last one expired and its grace ended. */
    record DropAll(String detail) implements AdmissionState {
        public DropAll {
            Require.nonNull("detail", detail);
        }
    }
}
