package dev.damm.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.damm.spi.ErrorCode;
import dev.damm.spi.provider.ProviderAdapter;
import dev.damm.spi.provider.ResourceRef;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

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
}
