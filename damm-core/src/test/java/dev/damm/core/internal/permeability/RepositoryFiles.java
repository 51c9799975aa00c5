package dev.damm.core.internal.permeability;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds files of the repository (docs/...) from whatever directory the tests run in. */
final class RepositoryFiles {
    private RepositoryFiles() {}

    static Path resolve(Path relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(relative);
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(relative + " not found above " + Path.of("").toAbsolutePath());
    }
}
