package dev.damm.spi.provider;

/**
 * The entry point of a provider plug-in, found by {@link java.util.ServiceLoader} the way JDBC
 * finds a {@code java.sql.Driver}.
 *
 * <p>Register an implementation in {@code META-INF/services/dev.damm.spi.provider.ProviderPlugin}
 * (and with {@code provides} in {@code module-info} when modules are used). It needs a public
 * no-argument constructor that is cheap and does no I/O: discovery instantiates every plug-in on
 * the class path, but opens only the one configuration names.
 *
 * <p><b>Threads:</b> both methods are safe to call from several threads. <b>Nulls:</b> a null
 * config is rejected with {@code INVALID_ARGUMENT}; no method returns null.
 */
public interface ProviderPlugin {

    /** Describes the plug-in; cheap, no I/O, and equal on every call. */
    ProviderDescriptor descriptor();

    /**
     * Opens an adapter for the account {@code config} describes. It may check credentials against
     * the provider (blocking for at most the configured timeouts); a missing or malformed key is a
     * {@code CONFIGURATION_ERROR} naming the key, never its value.
     */
    ProviderAdapter open(ProviderConfig config);
}
