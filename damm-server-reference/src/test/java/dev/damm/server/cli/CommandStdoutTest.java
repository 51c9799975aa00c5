package dev.damm.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A command's output is what scripts read: run as its own process with the jar's logging
 * configuration, {@code damm version} prints its one line on stdout and nothing on stderr (no
 * logging library's own report), and a refused command prints exactly its one {@code damm:} line,
 * whatever the log format.
 */
class CommandStdoutTest {

    private record Output(String stdout, String stderr, int exit) {}

    private static Output run(String logFormat, String... args) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(javaBin, "-XX:TieredStopAtLevel=1", "-cp", classpath,
                "-Dlogback.configurationFile=" + Path.of("src", "main", "resources", "logback.xml").toAbsolutePath(),
                DammCommand.class.getName());
        pb.command().addAll(java.util.List.of(args));
        pb.environment().put("DAMM_LOG_FORMAT", logFormat);
        java.nio.file.Path err = java.nio.file.Files.createTempFile("damm", ".err");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "damm finished");
        String stderr = java.nio.file.Files.readString(err);
        java.nio.file.Files.delete(err);
        return new Output(out, stderr, p.exitValue());
    }

    @Test
    void versionPrintsOneLineAndNothingElse() throws Exception {
        for (String format : new String[] {"TEXT", "JSON"}) {
            Output o = run(format, "version");
            assertEquals(0, o.exit(), o.toString());
            assertEquals(1, o.stdout().lines().count(), format + ": " + o);
            assertTrue(o.stdout().startsWith("damm "), format + ": " + o);
            assertEquals("", o.stderr(), format + ": nothing on stderr");
            Output refused = run(format, "admin", "--server", "http://127.0.0.1:9", "--token-file", "/nonexistent/admin.token", "tier", "list");
            assertEquals(2, refused.exit(), refused.toString());
            assertEquals("", refused.stdout(), format);
            assertEquals(1, refused.stderr().lines().count(), format + ": one line: " + refused.stderr());
            assertTrue(refused.stderr().startsWith("damm: "), refused.stderr());
        }
    }
}
