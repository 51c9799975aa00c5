package dev.damm.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each library module's public API, compared with the listing checked in beside the module
 * ({@code <module>/api/<artifactId>.api}), so that an API change shows as a reviewed diff of that
 * file. After an intended change, regenerate the listings and commit them with the change:
 *
 * <pre>mvn -B -o test -pl damm-architecture-tests -am -Dtest=ApiListingTest -Dsurefire.failIfNoSpecifiedTests=false -Ddamm.api.update=true</pre>
 */
class ApiListingTest {
    /** The system property that makes this test write the listings instead of comparing them. */
    static final String UPDATE_PROPERTY = "damm.api.update";

    static Stream<Arguments> libraryModules() {
        return Stream.of(
                Arguments.of("damm-spi", "damm-spi", dev.damm.spi.ErrorCode.class),
                Arguments.of("damm-spi-tck", "damm-spi-tck", dev.damm.tck.ProviderPluginContract.class),
                Arguments.of("damm-core", "damm-core", dev.damm.core.ControlPlane.class),
                Arguments.of("damm-store-jdbc", "damm-store-jdbc", dev.damm.store.jdbc.JdbcStore.class),
                Arguments.of("damm-providers/damm-provider-static", "damm-provider-static", dev.damm.provider.statichost.StaticHostPlugin.class));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("libraryModules")
    void thePublicApiMatchesTheCheckedInListing(String moduleDir, String artifactId, Class<?> marker) throws IOException {
        String actual = header(artifactId) + ApiListing.of(ApiListing.classesBeside(marker));
        Path file = Path.of("..", moduleDir, "api", artifactId + ".api");
        if (Boolean.getBoolean(UPDATE_PROPERTY)) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual, StandardCharsets.UTF_8);
            return;
        }
        if (!Files.exists(file)) {
            fail(file + " is missing; generate it with -D" + UPDATE_PROPERTY + "=true (see README, build notes)");
        }
        List<String> changes = ApiListing.diff(Files.readString(file, StandardCharsets.UTF_8), actual);
        if (!changes.isEmpty()) {
            fail(report(artifactId, file, changes));
        }
    }

    /** What a failing comparison says: the changed lines, and how to accept them. */
    static String report(String artifactId, Path file, List<String> changes) {
        return "The public API of " + artifactId + " differs from " + file + " (- listed, + compiled):\n  "
                + String.join("\n  ", changes)
                + "\nIf the change is intended, regenerate the listing with -D" + UPDATE_PROPERTY + "=true and commit it with the change.";
    }

    private static String header(String artifactId) {
        return "# The public API of " + artifactId + ": public and protected types and members, from the compiled classes.\n"
                + "# Checked by damm-architecture-tests ApiListingTest; regenerate with -D" + UPDATE_PROPERTY + "=true (README, build notes).\n";
    }
}
