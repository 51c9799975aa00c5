package dev.damm.tck;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.net.RegionCode;
import dev.damm.spi.provider.FrontDoorRef;
import dev.damm.spi.provider.FrontDoorSpec;
import dev.damm.spi.provider.HealthSignal;
import dev.damm.spi.provider.NodeFilter;
import dev.damm.spi.provider.NodeRef;
import dev.damm.spi.provider.NodeRole;
import dev.damm.spi.provider.NodeSpec;
import dev.damm.spi.provider.Overlay;
import dev.damm.spi.provider.ProviderAdapter;
import dev.damm.spi.provider.ProviderConfig;
import dev.damm.spi.provider.ProviderDescriptor;
import dev.damm.spi.provider.ProviderPlugin;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * The contracts must fail for plug-ins that break them: each nested fixture sabotages one promise
 * of the fake, and the TCK run against it must report exactly the check that covers the promise.
 */
class ContractsCatchBrokenPluginsTest {

    @Test
    void aCreateThatIgnoresTheIdempotencyKeyFailsTheComputeContract() {
        Events events = run(selectMethod(ForgetfulCompute.class, "aCreateWithTheSameIdempotencyKeyReturnsTheSameNodeAndCreatesNoSecond"));

        events.assertStatistics(s -> s.started(1).failed(1));
    }

    @Test
    void aListThatIgnoresLabelsFailsTheComputeContract() {
        Events events = run(selectMethod(LabelBlindList.class, "listingFiltersByLabels"));

        events.assertStatistics(s -> s.started(1).failed(1));
    }

    @Test
    void anAccessorThatDisagreesWithTheDescriptorFailsTheBaseContract() {
        Events events = run(selectMethod(MissingOverlay.class, "declaredCapabilitiesEqualTheNonEmptyAccessors"));

        events.assertStatistics(s -> s.started(1).failed(1));
    }

    @Test
    void aHealthProbeThatThrowsFailsTheBaseContract() {
        Events events = run(selectMethod(ThrowingProbe.class, "probingADummyTargetReturnsAValueInsteadOfThrowing"));

        events.assertStatistics(s -> s.started(1).failed(1));
    }

    @Test
    void aSecondCloseThatThrowsFailsTheBaseContract() {
        Events events = run(selectMethod(FragileClose.class, "closingTwiceIsHarmless"));

        events.assertStatistics(s -> s.started(1).failed(1));
    }

    @Test
    void aPluginMissingFromMetaInfServicesFailsTheBaseContract() {
        Events events = run(selectMethod(ForgetfulCompute.class, "serviceLoaderFindsThePlugin"));

        events.assertStatistics(s -> s.started(1).failed(1));
    }

    @Test
    void aRateLimitReportedAsAnOutageFailsOnlyTheRateLimitCase() {
        Events events = run(selectMethod(RateLimitAsOutage.class, "ingressErrorsMapToStableCodes", Fault.class.getName()));

        events.assertStatistics(s -> s.started(Fault.values().length - 1).failed(1));
        List<String> failed = events.failed().stream().map(e -> e.getTestDescriptor().getDisplayName()).collect(Collectors.toList());
        assertEquals(List.of("RATE_LIMITED"), failed);
    }

    @Test
    void aCallThatOutlivesItsTimeoutFailsTheTimeoutCheck() {
        Events events = run(selectMethod(Unbounded.class, "ingressCallsAreBoundedByTheCallTimeout"));

        events.assertStatistics(s -> s.started(1).failed(1));
    }

    @Test
    void aPluginWithoutFaultContractsRunsItsCapabilityChecksAndHasNoFaultChecksToSkip() {
        Events capabilitiesOnly = run(selectClass(CapabilitiesOnly.class));
        Events withFaults = run(selectClass(Unbroken.class));

        capabilitiesOnly.assertStatistics(s -> s.aborted(0).skipped(0));
        List<String> ran = methodsStarted(capabilitiesOnly);
        assertTrue(ran.contains("listingFiltersByLabels") && ran.contains("allocateFrontDoorWithTheSameKeyReturnsTheSameResource"), ran.toString());
        assertEquals(List.of(), ran.stream().filter(ContractsCatchBrokenPluginsTest::isFaultCheck).collect(Collectors.toList()));
        long faultChecks = methodsStarted(withFaults).stream().filter(ContractsCatchBrokenPluginsTest::isFaultCheck).count();
        assertEquals(2L * Fault.values().length, faultChecks, "the same fixture with its fault contracts runs every fault check");
    }

    @Test
    void aFaultContractWithoutAnInjectorFailsItsChecksInsteadOfSkippingThem() {
        Events events = run(selectMethod(NullFaults.class, "ingressErrorsMapToStableCodes", Fault.class.getName()),
                selectMethod(NullFaults.class, "ingressCallsAreBoundedByTheCallTimeout"),
                selectMethod(NullFaults.class, "allocateFrontDoorWithTheSameKeyReturnsTheSameResource"));

        events.assertStatistics(s -> s.aborted(0).skipped(0).succeeded(1).failed(Fault.values().length));
        String reason = events.failed().stream().findFirst().orElseThrow()
                .getPayload(org.junit.platform.engine.TestExecutionResult.class)
                .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable).map(Throwable::getMessage).orElse("");
        assertTrue(reason.contains("faults() must not return null"), reason);
    }

    @Test
    void theUnbrokenFixturePassesTheSameChecks() {
        Events events = run(selectMethod(Unbroken.class, "aCreateWithTheSameIdempotencyKeyReturnsTheSameNodeAndCreatesNoSecond"),
                selectMethod(Unbroken.class, "listingFiltersByLabels"),
                selectMethod(Unbroken.class, "declaredCapabilitiesEqualTheNonEmptyAccessors"),
                selectMethod(Unbroken.class, "ingressErrorsMapToStableCodes", Fault.class.getName()),
                selectMethod(Unbroken.class, "ingressCallsAreBoundedByTheCallTimeout"));

        events.assertStatistics(s -> s.failed(0).aborted(0).succeeded(4 + Fault.values().length - 1));
    }

    private static Events run(DiscoverySelector... selectors) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectors).execute().testEvents();
    }

    /** The contract methods behind the started tests, one entry per invocation. */
    private static List<String> methodsStarted(Events events) {
        return events.started().stream().map(e -> e.getTestDescriptor().getSource())
                .flatMap(Optional::stream).filter(MethodSource.class::isInstance)
                .map(source -> ((MethodSource) source).getMethodName()).collect(Collectors.toList());
    }

    private static boolean isFaultCheck(String method) {
        return method.endsWith("ErrorsMapToStableCodes") || method.endsWith("CallsAreBoundedByTheCallTimeout");
    }

    // ---- fixtures: the fake with one promise broken -----------------------------------------

    /** Runs the compute and ingress contracts, without their fault contracts, against the fake through {@link #sabotage}. */
    abstract static class CapabilityFixture implements ComputeContract, IngressContract {
        final FakeCloud cloud = new FakeCloud();

        /** Breaks the fake; the identity keeps it whole. */
        abstract Function<FakeAdapter, ProviderAdapter> sabotage();

        Duration adapterTimeout() {
            return Duration.ofMillis(300);
        }

        @Override
        public ProviderPlugin plugin() {
            Function<FakeAdapter, ProviderAdapter> sabotage = sabotage();
            Duration timeout = adapterTimeout();
            // An anonymous class: a plug-in type no META-INF/services file lists.
            return new ProviderPlugin() {
                @Override
                public ProviderDescriptor descriptor() {
                    return new FakeProviderPlugin().descriptor();
                }

                @Override
                public ProviderAdapter open(ProviderConfig config) {
                    ProviderConfig adapterConfig = ProviderConfig.builder(FakeProviderPlugin.ID).callTimeout(timeout).build();
                    return sabotage.apply(new FakeAdapter(descriptor().id(), cloud, adapterConfig));
                }
            };
        }

        @Override
        public ProviderConfig config() {
            return ProviderConfig.builder(FakeProviderPlugin.ID).callTimeout(Duration.ofMillis(300)).build();
        }

        @Override
        public NodeSpec.Builder nodeSpec() {
            return NodeSpec.builder().role(NodeRole.INGRESS).region(RegionCode.of("eu-central")).size("fake-small").image("img");
        }

        @Override
        public FrontDoorSpec.Builder frontDoorSpec() {
            return FrontDoorSpec.builder().region(RegionCode.of("eu-central"));
        }
    }

    /** The same, with the compute and ingress fault contracts and the fake's fault switch. */
    abstract static class Fixture extends CapabilityFixture implements ComputeFaultContract, IngressFaultContract {
        @Override
        public FaultInjector faults() {
            return cloud;
        }
    }

    /** A plug-in that declares no fault contract: the way a static host list takes part. */
    static class CapabilitiesOnly extends CapabilityFixture {
        @Override
        Function<FakeAdapter, ProviderAdapter> sabotage() {
            return a -> a;
        }
    }

    static class Unbroken extends Fixture {
        @Override
        Function<FakeAdapter, ProviderAdapter> sabotage() {
            return a -> a;
        }
    }

    static class ForgetfulCompute extends Fixture {
        @Override
        Function<FakeAdapter, ProviderAdapter> sabotage() {
            return a -> new DelegatingAdapter(a) {
                @Override
                public NodeRef createNode(NodeSpec spec) {
                    return delegate.createNode(spec.toBuilder().idempotencyKey(UUID.randomUUID().toString()).build());
                }
            };
        }
    }

    static class LabelBlindList extends Fixture {
        @Override
        Function<FakeAdapter, ProviderAdapter> sabotage() {
            return a -> new DelegatingAdapter(a) {
                @Override
                public List<NodeRef> listNodes(NodeFilter filter) {
                    return delegate.listNodes(NodeFilter.all());
                }
            };
        }
    }

    static class MissingOverlay extends Fixture {
        @Override
        Function<FakeAdapter, ProviderAdapter> sabotage() {
            return a -> new DelegatingAdapter(a) {
                @Override
                public Optional<Overlay> overlay() {
                    return Optional.empty();
                }
            };
        }
    }

    static class ThrowingProbe extends Fixture {
        @Override
        Function<FakeAdapter, ProviderAdapter> sabotage() {
            return a -> new DelegatingAdapter(a) {
                @Override
                public HealthSignal probeHealth(String target) {
                    throw new IllegalStateException("no such host: " + target);
                }
            };
        }
    }

    static class FragileClose extends Fixture {
        @Override
        Function<FakeAdapter, ProviderAdapter> sabotage() {
            return a -> new DelegatingAdapter(a) {
                private boolean closed;

                @Override
                public void close() {
                    if (closed) {
                        throw new IllegalStateException("already closed");
                    }
                    closed = true;
                }
            };
        }
    }

    static class RateLimitAsOutage extends Fixture {
        @Override
        Function<FakeAdapter, ProviderAdapter> sabotage() {
            return a -> new DelegatingAdapter(a) {
                @Override
                public FrontDoorRef allocateFrontDoor(FrontDoorSpec spec) {
                    try {
                        return delegate.allocateFrontDoor(spec);
                    } catch (DammException e) {
                        if (e.errorCode() == ErrorCode.PROVIDER_RATE_LIMITED) {
                            throw new DammException(ErrorCode.PROVIDER_UNAVAILABLE, e.getMessage(), true, null, e);
                        }
                        throw e;
                    }
                }
            };
        }
    }

    /** Waits far longer than the configuration it was given allows. */
    static class Unbounded extends Unbroken {
        @Override
        Duration adapterTimeout() {
            return Duration.ofSeconds(30);
        }
    }

    /** Claims the fault contracts but has no injector to back them. */
    static class NullFaults extends Unbroken {
        @Override
        public FaultInjector faults() {
            return null;
        }
    }
}
