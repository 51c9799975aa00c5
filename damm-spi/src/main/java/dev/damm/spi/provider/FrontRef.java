package dev.damm.spi.provider;

import dev.damm.spi.Require;
import dev.damm.spi.net.Endpoint;
import dev.damm.spi.transport.TransportTier;
import java.util.Map;

/**
 * A published CDN front: the public hostname clients reach, and the origin it forwards to.
 *
 * @param provider       the owning provider
 * @param id             the provider-side id (DNS record, route or worker id)
 * @param publicHostname the hostname clients connect to and put in SNI/Host
 * @param edge           the edge endpoint clients dial; its host may differ from the hostname
 * @param origin         the DAMM gateway endpoint behind the front
 * @param tier           the transport shell clients speak through the front
 * @param labels         the labels stored at the provider, including the idempotency key
 */
public record FrontRef(ProviderId provider, String id, String publicHostname, Endpoint edge, Endpoint origin,
                       TransportTier tier, Map<String, String> labels) implements ResourceRef {

    public FrontRef {
        Require.nonNull("frontRef.provider", provider);
        Require.text("frontRef.id", id, 128);
        Require.text("frontRef.publicHostname", publicHostname, 253);
        Require.nonNull("frontRef.edge", edge);
        Require.nonNull("frontRef.origin", origin);
        Require.nonNull("frontRef.tier", tier);
        labels = Labels.copyOf("frontRef.labels", labels, true);
    }
}
