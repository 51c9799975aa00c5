package dev.damm.core.placement;

import dev.damm.core.model.EgressPool;
import dev.damm.core.model.EgressRule;
import dev.damm.core.model.FrontDoor;
import dev.damm.core.model.Gateway;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.Require;
import java.util.List;
import java.util.Optional;

/** The outcome of placing a device: where it goes and why, or why it cannot go anywhere. */
public sealed interface Placement permits Placement.Placed, Placement.Unplaceable {

    /**
     * A device's attachment.
     *
     * @param alternates other front doors to fail over to, best first: the gateway's other doors,
     *     then doors of other gateways in the region (other providers first)
     * @param egress the pool the device's traffic leaves through by default
     * @param quarantineEgress the quarantined pool for flows matching {@code quarantineRules}
     * @param reasons human-readable lines explaining each choice, including any substitution
     * @param substituted true when the requested region or exit country could not be honoured
     */
    record Placed(Gateway gateway, FrontDoor frontDoor, List<Alternate> alternates, EgressPool egress,
            Optional<EgressPool> quarantineEgress, List<EgressRule> quarantineRules, List<String> reasons, boolean substituted)
            implements Placement {
        public Placed {
            Require.nonNull("gateway", gateway);
            Require.nonNull("frontDoor", frontDoor);
            alternates = List.copyOf(alternates);
            Require.nonNull("egress", egress);
            Require.nonNull("quarantineEgress", quarantineEgress);
            quarantineRules = List.copyOf(quarantineRules);
            reasons = List.copyOf(reasons);
        }
    }

    /** A failover target: a front door and the gateway behind it (whose key the peer needs). */
    record Alternate(Gateway gateway, FrontDoor frontDoor) {
        public Alternate {
            Require.nonNull("alternate.gateway", gateway);
            Require.nonNull("alternate.frontDoor", frontDoor);
        }
    }

    /** No placement: {@code code} is the stable error, {@code detail} says what was missing. */
    record Unplaceable(ErrorCode code, String detail) implements Placement {
        public Unplaceable {
            Require.nonNull("code", code);
            Require.text("detail", detail, 1024);
        }
    }
}
