package dev.damm.spi.provider;

import dev.damm.spi.Require;
import dev.damm.spi.net.RegionCode;
import java.net.InetAddress;
import java.util.Map;

/**
 * An outbound address traffic leaves through, as the provider allocated or included it.
 *
 * @param provider the owning provider
 * @param id       the provider-side id
 * @param region   the DAMM region it is in
 * @param address  the public source address destinations see
 * @param labels   the labels stored at the provider, including the idempotency key
 */
public record EgressIpRef(ProviderId provider, String id, RegionCode region, InetAddress address,
                          Map<String, String> labels) implements ResourceRef {

    public EgressIpRef {
        Require.nonNull("egressIpRef.provider", provider);
        Require.text("egressIpRef.id", id, 128);
        Require.nonNull("egressIpRef.region", region);
        Require.nonNull("egressIpRef.address", address);
        labels = Labels.copyOf("egressIpRef.labels", labels, true);
    }
}
