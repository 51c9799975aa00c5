package dev.damm.core.admission;

import dev.damm.core.trust.RejectionReason;
import dev.damm.spi.Require;

/** What a gateway concludes about an admission set it fetched. */
public sealed interface AdmissionCheck permits AdmissionCheck.Accepted, AdmissionCheck.Rejected {

    /** Verified, for this gateway, current and newer than the last applied set: apply it. */
    record Accepted(AdmissionSet set) implements AdmissionCheck {
        public Accepted {
            Require.nonNull("set", set);
        }
    }

    /** Do not apply; keep the current peers. */
    record Rejected(RejectionReason reason, String detail) implements AdmissionCheck {
        public Rejected {
            Require.nonNull("reason", reason);
            Require.text("detail", detail, 1024);
        }
    }
}
