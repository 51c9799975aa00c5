package dev.damm.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code damm} command line: the entry point of the reference server jar. */
@Command(name = "damm", mixinStandardHelpOptions = true, versionProvider = DammCommand.Version.class,
        description = "DAMM reference server and tools.",
        subcommands = {VersionCommand.class, KeygenCommand.class, dev.damm.server.demo.DemoCommand.class,
                ServerCommand.class, AdminCommand.class, CatalogCommand.class})
public final class DammCommand implements Callable<Integer> {

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /** Builds the command line with DAMM's error handling; tests call this directly. */
    public static CommandLine newCommandLine() {
        return new CommandLine(new DammCommand()).setExecutionExceptionHandler(DammCommand::report);
    }

    /** Exit status for a failure DAMM understood (bad input, unreachable store, ...). */
    static final int EXIT_DAMM_ERROR = 2;
    /** Exit status for anything else: a fault inside DAMM. */
    static final int EXIT_INTERNAL = 70;

    /**
     * Prints a failure as one line with its stable code, never a stack trace: a {@link DammException}
     * says what was wrong with which field; anything else is reported as an internal fault, with the
     * trace only when {@code DAMM_DEBUG} is set.
     */
    private static int report(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        java.io.PrintWriter err = cl.getErr();
        if (e instanceof dev.damm.spi.DammException de) {
            err.println("damm: " + de.errorCode().code() + ": " + de.getMessage());
            return EXIT_DAMM_ERROR;
        }
        err.println("damm: internal: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        if (System.getenv("DAMM_DEBUG") != null) {
            e.printStackTrace(err);
        } else {
            err.println("damm: set DAMM_DEBUG=1 for the stack trace");
        }
        return EXIT_INTERNAL;
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return 0;
    }

    /** Reads the version Maven wrote into the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"damm " + VersionCommand.version()};
        }
    }
}
