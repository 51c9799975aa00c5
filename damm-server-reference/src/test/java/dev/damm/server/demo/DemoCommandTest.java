package dev.damm.server.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.damm.server.cli.DammCommand;
import dev.damm.spi.wireguard.WireGuardConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DemoCommandTest {

    private static String runDemo(Path dataDir) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        DemoCommand demo = new DemoCommand(new PrintStream(buf, true, StandardCharsets.UTF_8), Clock.systemUTC());
        int rc = new CommandLine(demo).execute("--data-dir", dataDir.toString());
        String out = buf.toString(StandardCharsets.UTF_8);
        assertEquals(0, rc, out);
        return out;
    }

    @Test
    void enrollsADeviceAndASecondRunFindsTheFirstRunsState(@TempDir Path dir) throws Exception {
        String first = runDemo(dir);
        assertTrue(first.contains("devices from earlier runs: 0"), first);
        assertTrue(first.contains("gateway verification: accepted (1 peers to apply)"), first);
        assertTrue(first.contains("client verification: trusted (serial 1, root v1"), first);
        List<Path> confs;
        try (Stream<Path> s = Files.list(dir.resolve("devices"))) {
            confs = s.filter(p -> p.toString().endsWith(".conf")).toList();
        }
        assertEquals(1, confs.size());
        if (Files.getFileStore(confs.get(0)).supportsFileAttributeView("posix")) {
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(confs.get(0))),
                    "the device config holds the private key");
        }
        WireGuardConfig conf = WireGuardConfig.parse(Files.readString(confs.get(0)));
        assertEquals("10.44.0.10/32", conf.addresses().get(0).toString());
        assertEquals(1, conf.peers().size());

        String second = runDemo(dir);
        assertTrue(second.contains("devices from earlier runs: 1"), second);
        assertTrue(second.contains("keys: loaded"), second);
        assertTrue(second.contains("gateway verification: accepted (2 peers to apply)"), second);
        assertTrue(second.contains("client verification: trusted (serial 2, root v1"), "catalog serials continue across runs:\n" + second);
        assertTrue(second.contains("10.44.0.11/32"), second);
    }

    @Test
    void theCommandLineListsTheDemo() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        CommandLine cl = DammCommand.newCommandLine();
        cl.setOut(new java.io.PrintWriter(buf, true, StandardCharsets.UTF_8));
        assertEquals(0, cl.execute("--help"));
        String help = buf.toString(StandardCharsets.UTF_8);
        assertTrue(help.contains("demo") && help.contains("keygen") && help.contains("version"), help);
    }

    @Test
    void failuresAreOneLineWithTheirCodeAndNoStackTrace(@TempDir Path dir) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine cl = DammCommand.newCommandLine();
        cl.setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8));
        // Port 1 on loopback: nothing listens there, so the store cannot be reached.
        int rc = cl.execute("demo", "--data-dir", dir.toString(), "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/damm");
        String text = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, rc, text);
        assertTrue(text.startsWith("damm: store_unavailable: store: cannot connect"), text);
        assertTrue(!text.contains("\tat "), "no stack trace: " + text);
    }
}
