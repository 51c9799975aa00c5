package dev.damm.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code damm server} as a command: the config file, the ready line with the base URL, a clean stop. */
class ServerCommandTest {

    @Test
    void startsPrintsItsUrlServesAndStops(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("server.properties");
        Files.writeString(config, "port=1\nbind=127.0.0.1\ndrain-seconds=1\ndata=" + dir.resolve("ignored") + "\n");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        CountDownLatch stop = new CountDownLatch(1);
        ServerCommand cmd = new ServerCommand(new PrintStream(buf, true, StandardCharsets.UTF_8), stop);
        CommandLine cl = new CommandLine(cmd);
        AtomicInteger rc = new AtomicInteger(-1);
        // --port and --data on the command line win over the file's values.
        Thread t = new Thread(() -> rc.set(cl.execute("--config", config.toString(), "--port", "0", "--data", dir.resolve("data").toString())));
        t.start();
        Pattern ready = Pattern.compile("damm server ready at (http://127\\.0\\.0\\.1:(\\d+))");
        Matcher m = null;
        for (int i = 0; i < 600 && (m == null || !m.find()); i++) {
            Thread.sleep(50);
            m = ready.matcher(buf.toString(StandardCharsets.UTF_8));
        }
        assertTrue(m != null && m.find(0), "ready line: " + buf);
        assertTrue(Integer.parseInt(m.group(2)) > 1, "the command line's --port 0 won over the file's port=1");
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(m.group(1) + "/readyz"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertTrue(Files.exists(dir.resolve("data").resolve("admin.token")));
        assertTrue(Files.notExists(dir.resolve("ignored")));
        stop.countDown();
        t.join(30_000);
        assertEquals(0, rc.get());
    }

    @Test
    void aBadConfigIsOneLineAndExitTwo(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("bad.properties");
        Files.writeString(config, "port=eighty\n");
        StringWriter err = new StringWriter();
        CommandLine cl = DammCommand.newCommandLine();
        cl.setErr(new PrintWriter(err, true));
        assertEquals(2, cl.execute("server", "--config", config.toString(), "--data", dir.toString()));
        assertTrue(err.toString().startsWith("damm: configuration_error: config: port"), err.toString());
        Files.writeString(config, "colour=blue\n");
        StringWriter err2 = new StringWriter();
        CommandLine cl2 = DammCommand.newCommandLine();
        cl2.setErr(new PrintWriter(err2, true));
        assertEquals(2, cl2.execute("server", "--config", config.toString(), "--data", dir.toString()));
        assertTrue(err2.toString().contains("unknown setting 'colour'"), err2.toString());
    }
}
