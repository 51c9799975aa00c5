package dev.damm.tck;

import java.util.Optional;

/**
 * What every capability contract needs beyond the base contract: a way to make the provider side
 * fail, so the contracts can check error codes and timeouts.
 *
 * <p>There is deliberately no default. A plug-in that talks to an HTTP API must return a
 * {@link FaultInjector} (usually a {@link WireMockFaults} over its WireMock server). Returning
 * {@code Optional.empty()} is an explicit statement that the plug-in has no remote side that can
 * fail (a static host list, say); only then are the error-code and timeout checks skipped, and
 * they show as skipped, with that reason, in the test report.
 */
public interface CapabilityContract extends ProviderPluginContract {

    /** The switch that makes the provider side fail, or an explicit empty to skip fault checks. */
    Optional<FaultInjector> faults();
}
