package dev.damm.server.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Lets an appender of the jar's logging configuration write only when it is the chosen log format
 * ({@code DAMM_LOG_FORMAT}: TEXT or JSON). Both appenders are always attached, so neither is left
 * unused, which logback would report (on the console, before any command output) as a warning.
 */
public final class LogFormatFilter extends Filter<ILoggingEvent> {
    private String format = "TEXT";
    private String chosen = "TEXT";
    private boolean active = true;

    /** The format this appender writes. */
    public void setFormat(String format) {
        this.format = format;
    }

    /** The format chosen for this process. */
    public void setChosen(String chosen) {
        this.chosen = chosen;
    }

    @Override
    public void start() {
        active = format.strip().equalsIgnoreCase(chosen.strip());
        super.start();
    }

    @Override
    public FilterReply decide(ILoggingEvent event) {
        return active ? FilterReply.NEUTRAL : FilterReply.DENY;
    }
}
