package dev.damm.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.core.model.Device;
import dev.damm.core.model.DeviceId;
import dev.damm.spi.wireguard.WireGuardKey;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a process mid-enrollment with SIGKILL and checks that every enrollment it acknowledged
 * is stored, and nothing is stored twice; then does it again with a second process.
 */
class DurabilityTest {
    private static final int ACKS_PER_RUN = 200;

    @TempDir
    Path workDir;

    @Test
    void everyAcknowledgedEnrollmentSurvivesSigkillOnPostgres() throws Exception {
        String url = SharedPostgres.newDatabase("durability");
        crashAndCheckTwice(url, "postgres", () -> JdbcStore.open(SharedPostgres.config(url).build()));
    }

    @Test
    void everyAcknowledgedEnrollmentSurvivesSigkillOnAnH2File() throws Exception {
        String url = JdbcStoreConfig.h2File(workDir.resolve("data")).build().jdbcUrl();
        crashAndCheckTwice(url, "sa", () -> JdbcStore.h2File(workDir.resolve("data")));
    }

    interface Opener {
        JdbcStore open();
    }

    private void crashAndCheckTwice(String url, String user, Opener opener) throws Exception {
        Map<String, String> acked = new HashMap<>();
        acked.putAll(runAndKill(url, user, 1_000_000, "run1"));
        verify(opener, acked);
        acked.putAll(runAndKill(url, user, 2_000_000, "run2"));
        verify(opener, acked);
    }

    /** Starts a child JVM, waits for ACKS_PER_RUN acknowledgements, kills it; returns device id -> public key. */
    private Map<String, String> runAndKill(String url, String user, long firstDevice, String name) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), EnrollmentChild.class.getName(), url, user, "4", Long.toString(firstDevice));
        pb.redirectError(workDir.resolve(name + ".err").toFile());
        Process child = pb.start();
        // Never wait forever on a child that stopped printing.
        java.util.concurrent.CompletableFuture.delayedExecutor(90, TimeUnit.SECONDS).execute(child::destroyForcibly);
        Map<String, String> acked = new HashMap<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (acked.size() < ACKS_PER_RUN && (line = lines.readLine()) != null) {
                if (line.startsWith("ACK ")) {
                    String[] parts = line.split(" ");
                    acked.put(parts[1], parts[2]);
                }
            }
            // Mid-run: its workers are inside transactions right now.
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child did not die");
        } finally {
            child.destroyForcibly();
        }
        assertEquals(ACKS_PER_RUN, acked.size(), () -> "child stopped early; see " + workDir.resolve(name + ".err") + ": " + readQuietly(name));
        assertEquals(137, child.exitValue(), "killed by SIGKILL");
        return acked;
    }

    private String readQuietly(String name) {
        try {
            return java.nio.file.Files.readString(workDir.resolve(name + ".err"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static void verify(Opener opener, Map<String, String> acked) {
        try (JdbcStore store = opener.open()) {
            store.inTransaction(tx -> {
                for (Map.Entry<String, String> ack : acked.entrySet()) {
                    Optional<Device> byKey = tx.devices().findByPublicKey(WireGuardKey.parse(ack.getValue()));
                    assertTrue(byKey.isPresent(), "acknowledged device lost: " + ack.getKey());
                    assertEquals(DeviceId.of(ack.getKey()), byKey.get().id());
                }
                return null;
            });
            // Nothing twice: one lease per device, each address once, each lease held by its device.
            List<Device> all = store.inTransaction(tx -> tx.devices().listByGateway(dev.damm.core.store.StoreFixtures.GATEWAY,
                    dev.damm.core.model.DeviceState.ACTIVE));
            assertTrue(all.size() >= acked.size());
            Set<Long> offsets = new HashSet<>();
            for (Device d : all) {
                assertTrue(offsets.add(StoreEnrollmentFixture.offsetOf(d)), "address stored twice: " + d.tunnelAddresses());
            }
            assertEquals(all.size(), StoreTables.count(store, "SELECT count(*) FROM address_leases"));
            assertEquals(all.size(), StoreTables.count(store, "SELECT count(*) FROM install_passes WHERE used_by IS NOT NULL"));
            assertEquals(0, StoreTables.count(store, "SELECT count(*) FROM address_leases l WHERE NOT EXISTS "
                    + "(SELECT 1 FROM devices d WHERE d.id = l.device_id)"));
            assertFalse(all.isEmpty());
        }
    }
}
