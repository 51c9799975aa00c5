package dev.damm.core.report;

import dev.damm.spi.Require;
import java.util.List;

/**
 * A region whose service rests on too few providers: one provider's outage or blocking takes
 * the region down with it.
 *
 * @param ingressProviders providers of its active or draining gateways, sorted
 * @param egressProviders providers of its enabled egress pools, sorted
 * @param gateways its active or draining gateways
 * @param why one sentence naming what is thin
 */
public record ThinDiversity(String region, List<String> ingressProviders, List<String> egressProviders, int gateways, String why) {
    public ThinDiversity {
        Require.nonNull("region", region);
        ingressProviders = List.copyOf(Require.nonNull("ingressProviders", ingressProviders));
        egressProviders = List.copyOf(Require.nonNull("egressProviders", egressProviders));
        Require.nonNull("why", why);
    }
}
