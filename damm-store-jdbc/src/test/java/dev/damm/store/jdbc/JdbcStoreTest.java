package dev.damm.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.core.model.Device;
import dev.damm.core.store.StoreFixtures;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcStoreTest {
    @TempDir
    Path dir;

    @Test
    void aSecondRunOnTheSameDataDirectoryFindsTheFirstRunsDevices() {
        Path data = dir.resolve("damm-data");
        Device d = StoreFixtures.device(1);
        try (JdbcStore first = JdbcStore.h2File(data)) {
            first.inTransaction(tx -> {
                tx.devices().insert(d);
                return null;
            });
        }
        assertTrue(Files.exists(data.resolve("damm.mv.db")));
        try (JdbcStore second = JdbcStore.h2File(data)) {
            assertEquals(Optional.of(d), second.inTransaction(tx -> tx.devices().find(d.id())));
        }
    }

    @Test
    void theConfigurationNeverShowsThePassword() {
        char[] secret = "s3cr3t-pw".toCharArray();
        JdbcStoreConfig config = JdbcStoreConfig.builder("jdbc:postgresql://db.example:5432/damm?password=s3cr3t-pw").user("damm")
                .password(secret).build();
        java.util.Arrays.fill(secret, 'x');
        assertFalse(config.toString().contains("s3cr3t"), config.toString());
        assertTrue(config.toString().contains("[redacted]"));
        assertEquals("s3cr3t-pw", new String(config.password().orElseThrow()), "the builder kept its own copy");
    }

    @Test
    void anUnreachableDatabaseIsUnavailableAndTheMessageHoldsNoSecret() {
        JdbcStoreConfig config = JdbcStoreConfig.builder("jdbc:postgresql://127.0.0.1:1/damm").user("damm")
                .password("s3cr3t-pw".toCharArray()).connectionTimeout(Duration.ofMillis(500)).build();
        DammException e = assertThrows(DammException.class, () -> JdbcStore.open(config));
        assertEquals(ErrorCode.STORE_UNAVAILABLE, e.errorCode());
        assertTrue(e.retryable());
        assertTrue(e.getMessage().startsWith("store: "), e.getMessage());
        assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
    }

    @Test
    void rejectsUrlsOfOtherDatabasesAndBadSettings() {
        assertEquals(ErrorCode.INVALID_ARGUMENT,
                assertThrows(DammException.class, () -> JdbcStoreConfig.builder("jdbc:mysql://x/y").build()).errorCode());
        DammException e = assertThrows(DammException.class, () -> JdbcStoreConfig.builder("jdbc:h2:mem:x").poolSize(0).build());
        assertTrue(e.getMessage().startsWith("poolSize:"), e.getMessage());
    }

    @Test
    void translatesDatabaseFailuresIntoStableCodes() {
        java.sql.SQLException serialization = new java.sql.SQLException("could not serialize", "40001");
        assertTrue(JdbcTransaction.translate("op", serialization) instanceof RetryableTransactionException);
        assertTrue(JdbcTransaction.translate("op", new java.sql.SQLException("deadlock", "40P01")) instanceof RetryableTransactionException);
        DammException lost = (DammException) JdbcTransaction.translate("op", new java.sql.SQLException("io", "08006"));
        assertEquals(ErrorCode.STORE_UNAVAILABLE, lost.errorCode());
        DammException dup = (DammException) JdbcTransaction.translate("op", new java.sql.SQLException(
                "Unique index or primary key violation: \"public.devices_public_key_uq INDEX public.devices_public_key_uq_INDEX_1 ON ...\"", "23505"));
        assertEquals(ErrorCode.CONFLICT, dup.errorCode());
        assertEquals("device.publicKey: already enrolled", dup.getMessage());
        DammException other = (DammException) JdbcTransaction.translate("op", new java.sql.SQLException("syntax", "42601"));
        assertEquals(ErrorCode.INTERNAL, other.errorCode());
        assertTrue(other.getMessage().startsWith("store: op failed"), other.getMessage());
    }
}
