package dev.damm.spi.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProviderConfigTest {

    @Test
    void holdsSettingsSecretsBaseUrlTimeoutsAndClock() {
        Clock clock = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);
        ProviderConfig c = ProviderConfig.builder("hetzner")
                .setting("location", "fsn1")
                .secret("token", Secret.of("t-123"))
                .baseUrl(URI.create("http://127.0.0.1:8089/v1"))
                .connectTimeout(Duration.ofMillis(250))
                .callTimeout(Duration.ofSeconds(2))
                .clock(clock)
                .build();

        assertEquals(ProviderId.of("hetzner"), c.provider());
        assertEquals(Optional.of("fsn1"), c.setting("location"));
        assertEquals("t-123", c.requireSecret("token").reveal());
        assertEquals(Optional.of(URI.create("http://127.0.0.1:8089/v1")), c.baseUrl());
        assertEquals(Duration.ofMillis(250), c.connectTimeout());
        assertEquals(Duration.ofSeconds(2), c.callTimeout());
        assertSame(clock, c.clock());
        assertEquals(Set.of("location", "token"), c.keys());
        assertTrue(c.has("token") && c.has("location") && !c.has("other"));
    }

    @Test
    void defaultsToDocumentedTimeouts() {
        ProviderConfig c = ProviderConfig.builder("static").build();

        assertEquals(ProviderConfig.DEFAULT_CONNECT_TIMEOUT, c.connectTimeout());
        assertEquals(ProviderConfig.DEFAULT_CALL_TIMEOUT, c.callTimeout());
        assertEquals(Optional.empty(), c.baseUrl());
    }

    @Test
    void toStringRedactsSecretsButShowsSettings() {
        ProviderConfig c = ProviderConfig.builder("hetzner").setting("location", "fsn1").secret("token", Secret.of("t-123")).build();

        assertTrue(c.toString().contains("location=fsn1"), c.toString());
        assertTrue(c.toString().contains("token=<redacted>"), c.toString());
        assertFalse(c.toString().contains("t-123"));
    }

    @Test
    void aMissingRequiredKeyIsAConfigurationErrorNamingIt() {
        ProviderConfig c = ProviderConfig.builder("hetzner").build();

        DammException e = assertThrows(DammException.class, () -> c.requireSecret("token"));
        DammException e2 = assertThrows(DammException.class, () -> c.requireSetting("location"));

        assertEquals(ErrorCode.CONFIGURATION_ERROR, e.errorCode());
        assertEquals("token: required by provider 'hetzner' but not configured", e.getMessage());
        assertTrue(e2.getMessage().startsWith("location:"));
    }

    @Test
    void attachmentsAreLookedUpByType() {
        HttpClient client = HttpClient.newBuilder().build();
        ProviderConfig c = ProviderConfig.builder("x1").attach(HttpClient.class, client).build();

        assertSame(client, c.attachment(HttpClient.class).orElseThrow());
        assertEquals(Optional.empty(), c.attachment(String.class));
        assertTrue(c.toString().contains("attached HttpClient"), c.toString());
    }

    @Test
    void secretsCanComeFromAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("token");
        Files.writeString(file, "from-file\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));

        ProviderConfig c = ProviderConfig.builder("hetzner").secretFromFile("token", file).build();

        assertEquals("from-file", c.requireSecret("token").reveal());
    }

    @Test
    void rejectsARelativeOrNonHttpBaseUrl() {
        assertEquals("config.baseUrl", field(() -> ProviderConfig.builder("x1").baseUrl(URI.create("/v1"))));
        assertEquals("config.baseUrl", field(() -> ProviderConfig.builder("x1").baseUrl(URI.create("file:///etc/passwd"))));
    }

    @Test
    void rejectsZeroNegativeAndHugeTimeouts() {
        assertEquals("config.callTimeout", field(() -> ProviderConfig.builder("x1").callTimeout(Duration.ZERO).build()));
        assertEquals("config.connectTimeout", field(() -> ProviderConfig.builder("x1").connectTimeout(Duration.ofSeconds(-1)).build()));
        assertEquals("config.callTimeout", field(() -> ProviderConfig.builder("x1").callTimeout(Duration.ofHours(1)).build()));
    }

    @Test
    void rejectsMalformedKeysAndControlCharactersButAllowsMultiLineValues() {
        assertEquals("config key", field(() -> ProviderConfig.builder("x1").setting("1bad", "v")));
        assertEquals("hosts", field(() -> ProviderConfig.builder("x1").setting("hosts", "a\u0000b")));
        assertEquals(Optional.of("a=1\nb=2"), ProviderConfig.builder("x1").setting("hosts", "a=1\nb=2").build().setting("hosts"));
    }

    @Test
    void aKeyCannotBeBothASettingAndASecret() {
        assertEquals("token", field(() -> ProviderConfig.builder("x1").setting("token", "v").secret("token", Secret.of("s")).build()));
    }

    private static String field(Runnable r) {
        DammException e = assertThrows(DammException.class, r::run);
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.errorCode());
        return e.getMessage().substring(0, e.getMessage().indexOf(':'));
    }
}
