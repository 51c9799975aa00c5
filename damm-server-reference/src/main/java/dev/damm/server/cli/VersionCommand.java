package dev.damm.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code damm version}: prints the DAMM version and the Java runtime. */
@Command(name = "version", description = "Print the DAMM version and Java runtime.")
final class VersionCommand implements Callable<Integer> {

    static String version() {
        String v = DammCommand.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }

    @Override
    public Integer call() {
        System.out.println("damm " + version() + " (java " + Runtime.version() + ")");
        return 0;
    }
}
