package dev.damm.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code damm} command line: the entry point of the reference server jar. */
@Command(name = "damm", mixinStandardHelpOptions = true, versionProvider = DammCommand.Version.class,
        description = "DAMM reference server and tools.",
        subcommands = {VersionCommand.class, KeygenCommand.class, dev.damm.server.demo.DemoCommand.class})
public final class DammCommand implements Callable<Integer> {

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /** Builds the command line with DAMM's error handling; tests call this directly. */
    public static CommandLine newCommandLine() {
        return new CommandLine(new DammCommand());
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
