package dev.damm.spi.provider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretTest {
    private static final String TOKEN = "hc_9f8e7d6c5b4a";

    @Test
    void toStringNeverShowsTheValue() {
        Secret s = Secret.of(TOKEN);

        assertEquals("Secret[redacted]", s.toString());
        assertEquals(TOKEN, s.reveal());
        assertArrayEquals(TOKEN.toCharArray(), s.revealChars());
    }

    @Test
    void readsFromAnInjectedEnvironment() {
        Secret s = Secret.fromEnvironment("token", "HCLOUD_TOKEN", Map.of("HCLOUD_TOKEN", TOKEN + "\n"));

        assertEquals(TOKEN, s.reveal());
    }

    @Test
    void aMissingVariableIsAConfigurationErrorNamingKeyAndVariable() {
        DammException e = assertThrows(DammException.class, () -> Secret.fromEnvironment("token", "HCLOUD_TOKEN", Map.of()));

        assertEquals(ErrorCode.CONFIGURATION_ERROR, e.errorCode());
        assertEquals("token: environment variable HCLOUD_TOKEN is not set", e.getMessage());
    }

    @Test
    void aBlankVariableIsAConfigurationError() {
        DammException e = assertThrows(DammException.class,
                () -> Secret.fromEnvironment("token", "HCLOUD_TOKEN", Map.of("HCLOUD_TOKEN", "  ")));

        assertEquals(ErrorCode.CONFIGURATION_ERROR, e.errorCode());
        assertTrue(e.getMessage().endsWith("is blank"), e.getMessage());
    }

    @Test
    void readsAFileWithoutItsTrailingNewline(@TempDir Path dir) throws Exception {
        Path file = ownerOnly(dir.resolve("token"), TOKEN + "\n");

        assertEquals(TOKEN, Secret.fromFile("token", file).reveal());
    }

    @Test
    void aMissingFileIsAConfigurationErrorNamingTheKey(@TempDir Path dir) {
        DammException e = assertThrows(DammException.class, () -> Secret.fromFile("token", dir.resolve("absent")));

        assertEquals(ErrorCode.CONFIGURATION_ERROR, e.errorCode());
        assertTrue(e.getMessage().startsWith("token: secret file "), e.getMessage());
    }

    @Test
    void anEmptyFileIsAConfigurationError(@TempDir Path dir) throws Exception {
        Path file = ownerOnly(dir.resolve("token"), " \n");

        DammException e = assertThrows(DammException.class, () -> Secret.fromFile("token", file));

        assertEquals(ErrorCode.CONFIGURATION_ERROR, e.errorCode());
        assertTrue(e.getMessage().endsWith("is empty"), e.getMessage());
    }

    @Test
    void aFileOthersMayWriteIsRefusedWithoutEchoingItsContent(@TempDir Path dir) throws Exception {
        Path file = ownerOnly(dir.resolve("token"), TOKEN);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));

        DammException e = assertThrows(DammException.class, () -> Secret.fromFile("token", file));

        assertEquals(ErrorCode.CONFIGURATION_ERROR, e.errorCode());
        assertTrue(e.getMessage().contains("writable by others"), e.getMessage());
        assertFalse(e.getMessage().contains(TOKEN));
    }

    @Test
    void aFileThatIsNotUtf8IsRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("token");
        Files.write(file, new byte[] {(byte) 0xff, (byte) 0xfe, 0x41});
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        DammException e = assertThrows(DammException.class, () -> Secret.fromFile("token", file));

        assertTrue(e.getMessage().endsWith("is not UTF-8 text"), e.getMessage());
    }

    @Test
    void anOversizedFileIsRefused(@TempDir Path dir) throws Exception {
        Path file = ownerOnly(dir.resolve("token"), "a".repeat(Secret.MAX_FILE_BYTES + 1));

        DammException e = assertThrows(DammException.class, () -> Secret.fromFile("token", file));

        assertTrue(e.getMessage().contains("larger than"), e.getMessage());
    }

    @Test
    void blankValuesAreRefusedWithoutEchoingThem() {
        DammException e = assertThrows(DammException.class, () -> Secret.of("   "));

        assertEquals("secret: must not be blank", e.getMessage());
    }

    @Test
    void equalSecretsCompareEqualAndShareAConstantHash() {
        assertEquals(Secret.of(TOKEN), Secret.of(TOKEN));
        assertNotEquals(Secret.of(TOKEN), Secret.of(TOKEN + "x"));
        assertEquals(Secret.of("a").hashCode(), Secret.of("b").hashCode());
    }

    @Test
    void destroyOverwritesTheValue() {
        Secret s = Secret.of(TOKEN);
        s.destroy();

        assertEquals("\0".repeat(TOKEN.length()), s.reveal());
    }

    private static Path ownerOnly(Path file, String content) throws Exception {
        Files.writeString(file, content, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }
}
