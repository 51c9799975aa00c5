package dev.damm.bench;

/** Entry point of the benchmark jar: runs JMH with the given arguments. */
public final class BenchMain {
    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        org.openjdk.jmh.Main.main(args);
    }
}
