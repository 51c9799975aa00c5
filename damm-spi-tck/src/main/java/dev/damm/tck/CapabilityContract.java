package dev.damm.tck;

/**
 * What every capability contract shares: the base contract, and the rule for error checking.
 *
 * <p>A capability contract ({@link ComputeContract}, {@link IngressContract}, ...) checks what a
 * working provider does. Its companion fault contract ({@link ComputeFaultContract},
 * {@link IngressFaultContract}, ...) checks error codes and call timeouts against a provider side
 * made to fail. A plug-in that talks to a remote API MUST implement the fault contract of each
 * capability it offers; a plug-in without one (static hosts) implements only the capability
 * contracts and tests its own error handling in its own tests. See {@link FaultContract}.
 */
public interface CapabilityContract extends ProviderPluginContract {
}
