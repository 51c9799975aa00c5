package dev.damm.spi.provider;

import dev.damm.spi.Require;

/**
 * A plug-in the registry found but could not use: its class was missing, failed to link, threw
 * from its constructor or static initialiser, or its descriptor was invalid.
 *
 * @param className the plug-in class named in {@code META-INF/services}, or {@code "unknown"} when
 *                  the service loader did not say
 * @param cause     what went wrong: the exception type and message of the root cause
 */
public record PluginLoadFailure(String className, String cause) {

    public PluginLoadFailure {
        Require.text("pluginLoadFailure.className", className, 512);
        Require.nonNull("pluginLoadFailure.cause", cause);
    }

    /** Describes {@code failure} and its innermost cause, which is usually what an operator can act on. */
    static PluginLoadFailure of(String className, Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String cause = describe(failure) + (root == failure ? "" : " <- " + describe(root));
        return new PluginLoadFailure(className, cause.length() > 1000 ? cause.substring(0, 1000) + "..." : cause);
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        return t.getClass().getName() + (message == null || message.isBlank() ? "" : ": " + message);
    }

    @Override
    public String toString() {
        return className + ": " + cause;
    }
}
