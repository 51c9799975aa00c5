package dev.damm.server.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.joran.spi.JoranException;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * Switches the process's logs between readable text and JSON (logstash encoder) by reloading the
 * jar's logback.xml with {@code DAMM_LOG_FORMAT} set. JSON also turns the access log on (one line
 * per request at INFO); {@code DAMM_ACCESS_LOG} names another level (e.g. WARN: off) in either format.
 */
final class LogFormat {
    private LogFormat() {}

    static void apply(String format) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
            return; // another SLF4J binding: its configuration is the embedder's
        }
        System.setProperty("DAMM_LOG_FORMAT", format.toUpperCase(Locale.ROOT));
        ctx.reset();
        try {
            new ContextInitializer(ctx).autoConfig();
        } catch (JoranException e) {
            throw new DammException(ErrorCode.CONFIGURATION_ERROR, "log-format: cannot configure the logs (" + e.getMessage() + ")");
        }
        String access = System.getenv("DAMM_ACCESS_LOG");
        if (access != null || format.equals("json")) {
            ctx.getLogger("dev.damm.server.http.access").setLevel(Level.toLevel(access, Level.INFO));
        }
    }
}
