package dev.damm.server.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import dev.damm.core.catalog.CatalogScope;
import dev.damm.core.catalog.CatalogVerifier;
import dev.damm.core.catalog.Verification;
import dev.damm.core.crypto.WireGuardKeyPair;
import dev.damm.core.trust.InMemoryTrustStore;
import dev.damm.core.trust.RootUpdate;
import dev.damm.core.trust.RootVerifier;
import dev.damm.server.cli.DammCommand;
import dev.damm.server.http.OpenApiCheck;
import dev.damm.server.keys.KeyRing;
import dev.damm.spi.wireguard.WireGuardConfig;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DemoCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String QR_HEADING = "== the same config as a QR code";

    private static String runDemo(Path dataDir) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        DemoCommand demo = new DemoCommand(new PrintStream(buf, true, StandardCharsets.UTF_8), Clock.systemUTC());
        int rc = new CommandLine(demo).execute("--data", dataDir.toString(), "--port", "0", "--once");
        String out = buf.toString(StandardCharsets.UTF_8);
        assertEquals(0, rc, out);
        return out;
    }

    /** What one run printed about its device, checked against the files it wrote. */
    record Printed(String deviceId, String conf, WireGuardConfig parsed, String publicKey, long catalogSerial) {}

    @Test
    void enrollsOverHttpAndASecondRunFindsTheFirstRunsState(@TempDir Path dir) throws Exception {
        String first = runDemo(dir);
        Printed one = check(dir, first);
        assertTrue(first.contains("devices from earlier runs: 0"), first);
        assertTrue(first.contains("registration token minted"), first);
        assertTrue(first.contains("gateway verification: accepted, 1 peers to apply"), first);
        assertEquals("10.44.0.10/32", one.parsed().addresses().get(0).toString());
        assertPrivate(dir.resolve("gateway").resolve("credential"));
        assertPrivate(dir.resolve("gateway").resolve("private.key"));

        String second = runDemo(dir);
        Printed two = check(dir, second);
        assertTrue(second.contains("devices from earlier runs: 1"), second);
        assertTrue(second.contains("registered by an earlier run: reusing its credential"), "the gateway is reused:\n" + second);
        assertFalse(second.contains("registration token minted"), second);
        assertTrue(second.contains("gateway verification: accepted, 2 peers to apply"), second);
        assertTrue(second.contains(one.publicKey()), "the first run's device is still admitted:\n" + second);
        assertEquals("10.44.0.11/32", two.parsed().addresses().get(0).toString());
        assertTrue(two.catalogSerial() > one.catalogSerial(), "catalog serials continue across runs: " + one.catalogSerial() + ", " + two.catalogSerial());
        assertTrue(second.contains("devices now: 2 (1 from earlier runs)"), second);
    }

    private static Printed check(Path dir, String out) throws Exception {
        String deviceId = group(out, "enrolled device (dev_[A-Za-z0-9]+);");
        String publicKey = group(out, "only the public key was sent: ([A-Za-z0-9+/=]{44})");

        // The printed .conf is the file the demo wrote, a valid wg-quick config, holding the key generated in the demo.
        int confStart = out.indexOf('\n', out.indexOf("== device " + deviceId + ": WireGuard config")) + 1;
        String conf = out.substring(confStart, out.indexOf("\n" + QR_HEADING));
        Path confFile = dir.resolve("devices").resolve(deviceId + ".conf");
        assertEquals(Files.readString(confFile), conf);
        assertPrivate(confFile);
        WireGuardConfig parsed = WireGuardConfig.parse(conf);
        assertEquals(1, parsed.peers().size());
        assertEquals(publicKey, WireGuardKeyPair.fromPrivateKey(parsed.privateKey().orElseThrow()).publicKey().base64(),
                "the config holds the private key of the public key that was enrolled");
        // ... and the gateway's verified admission set admits that key for this device.
        assertTrue(out.contains("- " + deviceId + " " + publicKey + " "), "admitted:\n" + out);

        // The terminal QR code decodes back to exactly the .conf.
        assertEquals(conf, decodeQr(out), "the QR code holds the config");

        // The catalog was verified against the pinned root; the bytes it wrote verify here too.
        Verification v = verifyCatalog(dir);
        assertTrue(v instanceof Verification.Trusted, v.toString());
        long serial = ((Verification.Trusted) v).catalog().serial();
        assertTrue(out.contains("client verification: trusted (serial " + serial + ", root v1"), out);
        assertTrue(out.contains("304 Not Modified"), out);

        // Nothing secret is printed but the device's own config: not the admin token, the gateway's
        // credential or key, a device credential or an install pass.
        List<String> secrets = new ArrayList<>();
        secrets.add(Files.readString(dir.resolve("admin.token")).strip());
        secrets.add(Files.readString(dir.resolve("gateway").resolve("credential")).strip());
        secrets.add(Files.readString(dir.resolve("gateway").resolve("private.key")).strip());
        try (Stream<Path> s = Files.list(dir.resolve("devices"))) {
            for (Path p : s.filter(p -> p.toString().endsWith(".credential")).toList()) {
                assertPrivate(p);
                secrets.add(Files.readString(p).strip());
            }
        }
        for (String secret : secrets) {
            assertTrue(secret.length() > 20, "a real secret was read");
            assertFalse(out.contains(secret), "printed a secret starting " + secret.substring(0, 4));
        }
        // The one secret printed on purpose is the operator pages' sign-in link: single-use, short-lived,
        // and good for nothing but opening a page session (the admin API refuses it).
        java.util.regex.Matcher link = Pattern.compile("/ops/login\\?code=(\\S+)").matcher(out);
        assertTrue(link.find(), "the demo prints a one-time operator pages link:\n" + out);
        String withoutLink = out.replace(link.group(1), "<code>");
        assertFalse(Pattern.compile("\\b(da|dg|dgc|dc|dp)_[A-Za-z0-9]").matcher(withoutLink).find(), "no token, credential or pass:\n" + out);
        String privateKey = parsed.privateKey().orElseThrow().base64();
        assertEquals(out.indexOf(privateKey), out.lastIndexOf(privateKey), "the private key appears once, in the config");
        assertEquals(confStart, out.indexOf("[Interface]\nPrivateKey = " + privateKey));
        assertFalse(out.contains("\tat "), "no stack trace");
        return new Printed(deviceId, conf, parsed, publicKey, serial);
    }

    private static Verification verifyCatalog(Path dir) throws Exception {
        KeyRing keys = KeyRing.openOrCreate(dir.resolve("keys"), Clock.systemUTC(), new SecureRandom());
        RootUpdate pinned = new RootVerifier().pin(keys.signedRoot());
        CatalogScope scope = CatalogScope.of("eu-central", "demo");
        return CatalogVerifier.builder(new InMemoryTrustStore(((RootUpdate.Accepted) pinned).root()), scope).build()
                .verify(Files.readAllBytes(dir.resolve("catalog-eu-central-demo.json")));
    }

    /**
     * Reads the printed QR code back into modules (each character is two modules, top and bottom;
     * the glyph's ink is a light module) and decodes it the way a camera app does: an image with
     * the quiet zone, found and read by zxing's detector. When {@code zbarimg} is installed, it
     * must read the same image too.
     */
    static String decodeQr(String out) throws Exception {
        List<String> lines = new ArrayList<>();
        boolean in = false;
        for (String l : out.split("\n", -1)) {
            if (l.startsWith(QR_HEADING)) {
                in = true;
            } else if (in && l.isEmpty()) {
                break;
            } else if (in) {
                lines.add(l);
            }
        }
        assertFalse(lines.isEmpty(), "a QR code was printed");
        int width = lines.get(0).length();
        // Square modules: one column and half a line each; the symbol's odd side leaves one padding row.
        assertEquals(width, 2 * lines.size() - 1, "as many module rows as columns");
        boolean[][] dark = new boolean[2 * lines.size()][width];
        for (int y = 0; y < lines.size(); y++) {
            String l = lines.get(y);
            assertEquals(width, l.length(), "every line is as wide");
            for (int x = 0; x < width; x++) {
                char c = l.charAt(x);
                assertTrue("\u2588\u2580\u2584 ".indexOf(c) >= 0, "only half blocks and spaces: '" + c + "'");
                dark[2 * y][x] = c == ' ' || c == '\u2584';
                dark[2 * y + 1][x] = c == ' ' || c == '\u2580';
            }
        }
        int q = TerminalQr.QUIET_ZONE;
        for (int y = 0; y < dark.length; y++) {
            for (int x = 0; x < width; x++) {
                if (y < q || y >= width - q || x < q || x >= width - q) {
                    assertFalse(dark[y][x], "the quiet zone is light at " + x + "," + y);
                }
            }
        }
        int scale = 4;
        BufferedImage image = new BufferedImage(width * scale, width * scale, BufferedImage.TYPE_INT_RGB);
        int[] pixels = new int[width * scale * width * scale];
        for (int y = 0; y < width * scale; y++) {
            for (int x = 0; x < width * scale; x++) {
                int rgb = dark[y / scale][x / scale] ? 0x000000 : 0xFFFFFF;
                pixels[y * width * scale + x] = rgb;
                image.setRGB(x, y, rgb);
            }
        }
        String text = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(width * scale, width * scale, pixels))),
                Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE)).getText();
        Path zbar = onPath("zbarimg");
        if (zbar != null) {
            Path png = Files.createTempFile("damm-demo-qr", ".png");
            try {
                ImageIO.write(image, "png", png.toFile());
                Process p = new ProcessBuilder(zbar.toString(), "--raw", "-q", png.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
                String read = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(p.waitFor(60, TimeUnit.SECONDS), "zbarimg finished");
                assertEquals(0, p.exitValue(), "zbarimg found a code");
                assertEquals(text + "\n", read, "zbarimg reads what zxing reads");
            } finally {
                Files.deleteIfExists(png);
            }
        }
        return text;
    }

    static Path onPath(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(d, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    @Test
    void servesUntilStoppedThenShutsDownGracefully(@TempDir Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), DammCommand.class.getName(),
                "demo", "--data", dir.toString(), "--port", "0").redirectError(dir.resolve("stderr.txt").toFile()).start();
        StringBuffer printed = new StringBuffer();
        CompletableFuture<String> serving = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                    printed.append(l).append('\n');
                    Matcher m = Pattern.compile("serving at (http://127\\.0\\.0\\.1:[0-9]+) until Ctrl-C").matcher(l);
                    if (m.matches()) {
                        serving.complete(m.group(1));
                    }
                }
            } catch (java.io.IOException e) {
                serving.completeExceptionally(e);
            }
            serving.completeExceptionally(new AssertionError("the demo ended without serving:\n" + printed));
        });
        reader.start();
        try {
            String base = serving.get(5, TimeUnit.MINUTES);
            String out = printed.toString();
            assertTrue(out.contains("operator pages: "), out);
            assertTrue(out.contains(base + "/ops/report"), out);

            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> ready = OpenApiCheck.check(http.send(HttpRequest.newBuilder(URI.create(base + "/readyz")).build(),
                    HttpResponse.BodyHandlers.ofString()));
            assertEquals(200, ready.statusCode(), ready.body());
            assertTrue(JSON.readTree(ready.body()).path("ready").asBoolean(), ready.body());
            // The server the demo keeps serving holds the device with the key the demo generated.
            String deviceId = group(out, "enrolled device (dev_[A-Za-z0-9]+);");
            String admin = Files.readString(dir.resolve("admin.token")).strip();
            HttpResponse<String> shown = OpenApiCheck.check(http.send(HttpRequest.newBuilder(URI.create(base + "/v1/admin/devices/" + deviceId))
                    .header("Authorization", "Bearer " + admin).build(), HttpResponse.BodyHandlers.ofString()));
            assertEquals(200, shown.statusCode(), shown.body());
            JsonNode device = JSON.readTree(shown.body());
            assertEquals(group(out, "only the public key was sent: ([A-Za-z0-9+/=]{44})"), device.path("publicKey").asText());

            // SIGTERM, as Ctrl-C's SIGINT: the shutdown hook stops the server. Through the process
            // handle, which only signals; Process.destroy would also close the output being read.
            assertTrue(p.toHandle().destroy(), "signalled");
            assertTrue(p.waitFor(2, TimeUnit.MINUTES), "the demo stopped");
            reader.join(TimeUnit.SECONDS.toMillis(30));
            String all = printed.toString();
            assertTrue(all.contains("damm demo: stopping (readiness false"), "stderr: " + Files.readString(dir.resolve("stderr.txt")) + "\n" + all);
            assertTrue(all.endsWith("damm demo: stopped\n"), all);
            assertThrows(java.io.IOException.class, () -> http.send(HttpRequest.newBuilder(URI.create(base + "/readyz")).build(),
                    HttpResponse.BodyHandlers.ofString()), "nothing listens any more");
        } finally {
            p.destroyForcibly();
        }
        // The store was closed cleanly: the next run opens it and finds the device.
        assertTrue(runDemo(dir).contains("devices from earlier runs: 1"));
    }

    @Test
    void aPortInUseIsOneLineWhenGivenAndAvoidedWhenNot(@TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            CommandLine cl = DammCommand.newCommandLine();
            cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
            int rc = cl.execute("demo", "--data", dir.toString(), "--once", "--port", Integer.toString(taken.getLocalPort()));
            String text = err.toString(StandardCharsets.UTF_8);
            assertEquals(2, rc, text);
            assertEquals("damm: configuration_error: port: " + taken.getLocalPort()
                    + " on 127.0.0.1 is in use; give another --port, or 0 for a free one", text.strip());
        }
        // Without --port the default is tried; held here (or by a server already running), a free port is used instead.
        ServerSocket held = null;
        try {
            try {
                held = new ServerSocket(DemoCommand.DEFAULT_PORT, 1, java.net.InetAddress.getLoopbackAddress());
            } catch (java.net.BindException alreadyInUse) {
                // Some other process holds it: the same situation.
            }
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            DemoCommand demo = new DemoCommand(new PrintStream(buf, true, StandardCharsets.UTF_8), Clock.systemUTC());
            int rc = new CommandLine(demo).execute("--data", dir.toString(), "--once");
            String out = buf.toString(StandardCharsets.UTF_8);
            assertEquals(0, rc, out);
            assertTrue(out.startsWith("port " + DemoCommand.DEFAULT_PORT + " is in use (is a server running?); using a free port instead\n"), out);
            assertFalse(out.contains("server: http://127.0.0.1:" + DemoCommand.DEFAULT_PORT + ","), out);
            assertTrue(out.contains("devices from earlier runs: 0"), "the failed attempt changed nothing:\n" + out);
        } finally {
            if (held != null) {
                held.close();
            }
        }
    }

    @Test
    void theCommandLineListsTheDemo() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        CommandLine cl = DammCommand.newCommandLine();
        cl.setOut(new PrintWriter(buf, true, StandardCharsets.UTF_8));
        assertEquals(0, cl.execute("--help"));
        String help = buf.toString(StandardCharsets.UTF_8);
        assertTrue(help.contains("demo") && help.contains("keygen") && help.contains("version"), help);
    }

    @Test
    void failuresAreOneLineWithTheirCodeAndNoStackTrace(@TempDir Path dir) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine cl = DammCommand.newCommandLine();
        cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        // Port 1 on loopback: nothing listens there, so the store cannot be reached.
        int rc = cl.execute("demo", "--data", dir.toString(), "--once", "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/damm");
        String text = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, rc, text);
        assertTrue(text.startsWith("damm: store_unavailable: store: cannot connect"), text);
        assertTrue(!text.contains("\tat "), "no stack trace: " + text);
    }

    private static String group(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), regex + " in\n" + text);
        assertNotNull(m.group(1));
        return m.group(1);
    }

    private static void assertPrivate(Path p) throws Exception {
        if (Files.getFileStore(p).supportsFileAttributeView("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)), p + " holds a secret");
        }
    }
}
