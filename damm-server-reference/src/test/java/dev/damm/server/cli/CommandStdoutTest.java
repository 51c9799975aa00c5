package dev.damm.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A command's standard output is what scripts read: run as its own process with the jar's logging
 * configuration, {@code damm version} prints its one line and nothing else (no logging library's
 * own report), whatever the log format.
 */
class CommandStdoutTest {

    private static String stdout(String logFormat) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-cp", classpath,
                "-Dlogback.configurationFile=" + Path.of("src", "main", "resources", "logback.xml").toAbsolutePath(),
                DammCommand.class.getName(), "version").redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("DAMM_LOG_FORMAT", logFormat);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "damm version finished");
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void versionPrintsOneLineAndNothingElse() throws Exception {
        for (String format : new String[] {"TEXT", "JSON"}) {
            String out = stdout(format);
            assertEquals(1, out.lines().count(), format + ": " + out);
            assertTrue(out.startsWith("damm "), format + ": " + out);
        }
    }
}
