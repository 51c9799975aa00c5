package dev.damm.spi.provider;

import dev.damm.spi.Require;

/**
 * A plug-in the registry found but could not use.
 *
 * @param className the plug-in class named in {@code META-INF/services}, or {@code "unknown"} when
 *                  no class can be named (a service file that is not a list of class names)
 * @param reason    what kind of failure it was, decided from the failure's type and the class
 *                  itself, never from an exception's message
 * @param cause     for the operator: the exception type and message, and those of the root cause
 */
public record PluginLoadFailure(String className, Reason reason, String cause) {

    /** The kinds of failure, each with what an operator would do about it. */
    public enum Reason {
        /** A service file could not be read or has a line that is not a class name; the service loader skips the rest of that file. Fix the file. */
        BAD_SERVICE_FILE,
        /** The class named in the service file is not on the class path. Add the jar, or remove the entry. */
        CLASS_NOT_FOUND,
        /** The class exists but is not a {@link ProviderPlugin} with a public no-argument constructor. Fix the entry or the class. */
        NOT_A_PLUGIN,
        /** The class, or one it needs, failed to link or to initialise: usually a missing or mismatched dependency. */
        LINKAGE_FAILED,
        /** The plug-in's constructor threw. */
        CONSTRUCTOR_FAILED,
        /** The plug-in's {@link ProviderPlugin#descriptor()} threw or returned {@code null}. */
        DESCRIPTOR_FAILED
    }

    public PluginLoadFailure {
        Require.text("pluginLoadFailure.className", className, 512);
        Require.nonNull("pluginLoadFailure.reason", reason);
        Require.nonNull("pluginLoadFailure.cause", cause);
    }

    /** Describes {@code failure} and its innermost cause, which is usually what an operator can act on. */
    static PluginLoadFailure of(String className, Reason reason, Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String cause = describe(failure) + (root == failure ? "" : " <- " + describe(root));
        return new PluginLoadFailure(className, reason, cause.length() > 1000 ? cause.substring(0, 1000) + "..." : cause);
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        return t.getClass().getName() + (message == null || message.isBlank() ? "" : ": " + message);
    }

    @Override
    public String toString() {
        return className + ": " + reason + ": " + cause;
    }
}
