package dev.damm.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.damm.spi.ErrorCode;
import dev.damm.spi.provider.CdnFront;
import dev.damm.spi.provider.Egress;
import dev.damm.spi.provider.EgressIpRef;
import dev.damm.spi.provider.EgressIpSpec;
import dev.damm.spi.provider.FrontDoorRef;
import dev.damm.spi.provider.FrontDoorSpec;
import dev.damm.spi.provider.FrontRef;
import dev.damm.spi.provider.FrontSpec;
import dev.damm.spi.provider.Ingress;
import dev.damm.spi.provider.Overlay;
import dev.damm.spi.provider.OverlayMembership;
import dev.damm.spi.provider.OverlaySpec;
import dev.damm.spi.provider.ProviderAdapter;
import dev.damm.spi.provider.ResourceRef;
import dev.damm.spi.provider.TunnelRef;
import dev.damm.spi.provider.TunnelSpec;
import dev.damm.spi.provider.TunnelTerm;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The checks shared by capabilities shaped as allocate-and-release (ingress, egress, overlay, CDN
 * front, tunnel): one instance describes how to build a spec for a key, allocate it and release it.
 */
final class Allocations<S, R extends ResourceRef> {
    private final String allocateName;
    private final String releaseName;
    private final Function<String, S> specForKey;
    private final Function<S, R> allocate;
    private final Consumer<R> release;

    Allocations(String allocateName, String releaseName, Function<String, S> specForKey, Function<S, R> allocate, Consumer<R> release) {
        this.allocateName = allocateName;
        this.releaseName = releaseName;
        this.specForKey = specForKey;
        this.allocate = allocate;
        this.release = release;
    }

    /** Same key twice gives one resource; {@code matches} checks the ref against its spec. */
    void sameKeyGivesTheSameResource(ProviderAdapter adapter, BiConsumer<S, R> matches) {
        S spec = specForKey.apply(Tck.freshKey("tck"));
        R first = allocate.apply(spec);
        try {
            assertNotNull(first, allocateName + " must not return null");
            R again = allocate.apply(spec);
            assertEquals(first.id(), again.id(), "a retried " + allocateName + " must return what the first call produced");
            assertEquals(first, again, "a retried " + allocateName + " must return an equal ref");
            assertEquals(adapter.id(), first.provider(), "the ref must name the provider");
            matches.accept(spec, first);
        } finally {
            release.accept(first);
        }
    }

    void releasingTwiceIsHarmless() {
        R ref = allocate.apply(specForKey.apply(Tck.freshKey("tck")));
        release.accept(ref);
        release.accept(ref);
    }

    void releasedCapacityCanBeAllocatedAgain() {
        R first = allocate.apply(specForKey.apply(Tck.freshKey("tck")));
        release.accept(first);
        R second = allocate.apply(specForKey.apply(Tck.freshKey("tck")));
        release.accept(second);
    }

    void nullsAreInvalidArguments() {
        Tck.assertCode(ErrorCode.INVALID_ARGUMENT, () -> allocate.apply(null), allocateName + "(null)");
        Tck.assertCode(ErrorCode.INVALID_ARGUMENT, () -> release.accept(null), releaseName + "(null)");
    }

    void errorMapsToItsCode(FaultInjector injector, Fault fault) {
        S spec = specForKey.apply(Tck.freshKey("fault"));
        Tck.assertFaultMapped(injector, fault, () -> allocate.apply(spec), allocateName);
    }

    void boundedByTimeout(FaultInjector injector, dev.damm.spi.provider.ProviderConfig config) {
        S spec = specForKey.apply(Tck.freshKey("slow"));
        Tck.assertBoundedByTimeout(injector, config, () -> allocate.apply(spec), allocateName);
    }

    // ---- one per allocate-and-release capability, shared by its contract and its fault contract
    /** The ingress capability of {@code adapter}, specs from {@code spec} with the run label and key added. */
    static Allocations<FrontDoorSpec, FrontDoorRef> ingress(ProviderAdapter adapter, Supplier<FrontDoorSpec.Builder> spec) {
        Ingress capability = Tck.present(adapter.ingress(), "ingress");
        return new Allocations<>("allocateFrontDoor", "releaseFrontDoor",
                key -> spec.get().label(Tck.RUN_LABEL, key).idempotencyKey(key).build(),
                capability::allocateFrontDoor, capability::releaseFrontDoor);
    }

    /** The egress capability of {@code adapter}, specs from {@code spec} with the run label and key added. */
    static Allocations<EgressIpSpec, EgressIpRef> egress(ProviderAdapter adapter, Supplier<EgressIpSpec.Builder> spec) {
        Egress capability = Tck.present(adapter.egress(), "egress");
        return new Allocations<>("allocateEgressIp", "releaseEgressIp",
                key -> spec.get().label(Tck.RUN_LABEL, key).idempotencyKey(key).build(),
                capability::allocateEgressIp, capability::releaseEgressIp);
    }

    /** The overlay capability of {@code adapter}, specs from {@code spec} with the run label and key added. */
    static Allocations<OverlaySpec, OverlayMembership> overlay(ProviderAdapter adapter, Supplier<OverlaySpec.Builder> spec) {
        Overlay capability = Tck.present(adapter.overlay(), "overlay");
        return new Allocations<>("joinOverlay", "leaveOverlay",
                key -> spec.get().label(Tck.RUN_LABEL, key).idempotencyKey(key).build(),
                capability::joinOverlay, capability::leaveOverlay);
    }

    /** The cdnFront capability of {@code adapter}, specs from {@code spec} with the run label and key added. */
    static Allocations<FrontSpec, FrontRef> cdnFront(ProviderAdapter adapter, Supplier<FrontSpec.Builder> spec) {
        CdnFront capability = Tck.present(adapter.cdnFront(), "cdnFront");
        return new Allocations<>("publishFront", "retireFront",
                key -> spec.get().label(Tck.RUN_LABEL, key).idempotencyKey(key).build(),
                capability::publishFront, capability::retireFront);
    }

    /** The tunnelTerm capability of {@code adapter}, specs from {@code spec} with the run label and key added. */
    static Allocations<TunnelSpec, TunnelRef> tunnelTerm(ProviderAdapter adapter, Supplier<TunnelSpec.Builder> spec) {
        TunnelTerm capability = Tck.present(adapter.tunnelTerm(), "tunnelTerm");
        return new Allocations<>("registerTunnel", "retireTunnel",
                key -> spec.get().label(Tck.RUN_LABEL, key).idempotencyKey(key).build(),
                capability::registerTunnel, capability::retireTunnel);
    }
}
