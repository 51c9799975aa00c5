package dev.damm.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;


import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class KeygenCommandTest {

    @Test
    void thePrivateKeyFileIsOwnerOnlyEvenWhenItReplacesAWiderFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("wg.key");
        Files.writeString(file, "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertEquals(0, new CommandLine(new KeygenCommand()).execute("--private-key-file", file.toString()));

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        // The file holds one base64 X25519 private key and nothing else.
        assertEquals(44, Files.readString(file).strip().length());
    }
}
