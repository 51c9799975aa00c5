package dev.damm.spi.provider;

import dev.damm.spi.ErrorCode;
import java.util.EnumSet;
import java.util.Optional;

/**
 * A live connection to one provider account, opened by {@link ProviderPlugin#open(ProviderConfig)}:
 * it answers which capabilities it offers, maps regions, probes health and reads metrics.
 *
 * <p>Each capability accessor is empty by default; an adapter overrides exactly those its
 * {@link ProviderDescriptor#capabilities()} declare, and each returns the same object every time.
 *
 * <p><b>Blocking:</b> the accessors, {@link #id()} and {@link #regions()} do no I/O;
 * {@link #probeHealth(String)} and {@link #metrics(String)} block for at most the configured
 * timeouts. <b>Threads:</b> an adapter is safe to use from several threads until it is closed.
 * <b>Nulls:</b> null arguments are rejected with {@link ErrorCode#INVALID_ARGUMENT}; no method
 * returns null.
 */
public interface ProviderAdapter extends AutoCloseable {

    /** The id of the plug-in that opened this adapter. */
    ProviderId id();

    /** Maps DAMM regions to the provider's; empty for providers that are not regional. */
    RegionMapping regions();

    /** Virtual machines, when the provider offers {@link Capability#COMPUTE}. */
    default Optional<Compute> compute() {
        return Optional.empty();
    }

    /** Public front doors, when the provider offers {@link Capability#INGRESS}. */
    default Optional<Ingress> ingress() {
        return Optional.empty();
    }

    /** Outbound addresses, when the provider offers {@link Capability#EGRESS}. */
    default Optional<Egress> egress() {
        return Optional.empty();
    }

    /** Overlay membership, when the provider offers {@link Capability#OVERLAY}. */
    default Optional<Overlay> overlay() {
        return Optional.empty();
    }

    /** CDN fronts, when the provider offers {@link Capability#CDN_FRONT}. */
    default Optional<CdnFront> cdnFront() {
        return Optional.empty();
    }

    /** Managed tunnels, when the provider offers {@link Capability#TUNNEL_TERM}. */
    default Optional<TunnelTerm> tunnelTerm() {
        return Optional.empty();
    }

    /** The capabilities whose accessors are non-empty; must equal the descriptor's set. */
    default EnumSet<Capability> offered() {
        EnumSet<Capability> offered = EnumSet.noneOf(Capability.class);
        compute().ifPresent(c -> offered.add(Capability.COMPUTE));
        ingress().ifPresent(c -> offered.add(Capability.INGRESS));
        egress().ifPresent(c -> offered.add(Capability.EGRESS));
        overlay().ifPresent(c -> offered.add(Capability.OVERLAY));
        cdnFront().ifPresent(c -> offered.add(Capability.CDN_FRONT));
        tunnelTerm().ifPresent(c -> offered.add(Capability.TUNNEL_TERM));
        return offered;
    }

    /**
     * Probes {@code target} (a node id, a configured host, an endpoint, or the provider's API when
     * the adapter does not know the target) and returns what it saw.
     *
     * <p>Never throws for an unreachable, failing or unknown target: those are
     * {@link HealthStatus#UNHEALTHY} or {@link HealthStatus#UNKNOWN} values. Only a null target
     * or a closed adapter throws.
     */
    HealthSignal probeHealth(String target);

    /**
     * Reads the provider's metrics for {@code target}; an unknown target gives an empty
     * {@link ProviderMetrics}. Provider failures throw {@code PROVIDER_*} {@code DammException}s.
     */
    ProviderMetrics metrics(String target);

    /**
     * Releases connections and threads the adapter holds. Resources at the provider stay as they
     * are. Closing twice is harmless; after closing, other methods may throw.
     */
    @Override
    void close();
}
