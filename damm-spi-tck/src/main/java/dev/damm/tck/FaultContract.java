package dev.damm.tck;

/**
 * Gives the fault contracts ({@link ComputeFaultContract}, {@link IngressFaultContract},
 * {@link EgressFaultContract}, {@link OverlayFaultContract}, {@link CdnFrontFaultContract},
 * {@link TunnelTermFaultContract}) the switch that makes the provider side fail.
 *
 * <p>A plug-in that talks to a remote API MUST implement the fault contract of each capability it
 * offers. Those contracts check that each {@link Fault} (401, 404, 409, 422, 429 with
 * {@code Retry-After}, 503) turns into its stable {@link dev.damm.spi.ErrorCode} with the right
 * retryable flag and delay, and that calls end with {@code TIMEOUT} within
 * {@link dev.damm.spi.provider.ProviderConfig#callTimeout()} when the provider stops answering
 * ({@link Fault#SLOW}). 403 shares 401's code and 5xx shares 503's through
 * {@link dev.damm.spi.provider.ProviderErrors}, so one fault stands for each.
 *
 * <p>A plug-in without a remote API (a static host list, say) has nothing to inject: it implements
 * only the capability contracts, and its own error handling is tested in its own tests. Leaving a
 * fault contract out is the only way to opt out; nothing here is skipped at run time.
 *
 * <p>The method is declared once here so a test class that implements several fault contracts
 * provides a single injector for all of them.
 */
public interface FaultContract extends CapabilityContract {

    /**
     * The switch that makes the provider side fail: usually a {@link WireMockFaults} over the test's
     * WireMock server, or an in-memory provider's own switch such as {@link FakeCloud}. Never null.
     */
    FaultInjector faults();
}
