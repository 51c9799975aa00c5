package dev.damm.spi.provider;

import java.util.Map;
import java.util.Optional;

/**
 * What a provider returned for something it made or included for DAMM: a node, a front door,
 * an egress IP, an overlay membership, a CDN front or a tunnel.
 *
 * <p>Refs are immutable values; DAMM stores them and hands them back to release or retire.
 */
public sealed interface ResourceRef permits NodeRef, FrontDoorRef, EgressIpRef, OverlayMembership, FrontRef, TunnelRef {

    /** The provider that owns the resource. */
    ProviderId provider();

    /** The provider-side id, unique within the provider and resource kind. */
    String id();

    /** The labels stored with the resource at the provider, including the idempotency key. */
    Map<String, String> labels();

    /** The DAMM idempotency key the resource was created with, when the provider kept it. */
    default Optional<IdempotencyKey> idempotencyKey() {
        return IdempotencyKey.fromLabels(labels());
    }
}
