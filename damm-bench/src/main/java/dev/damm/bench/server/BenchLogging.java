package dev.damm.bench.server;

/**
 * Logging for the server benchmarks: the server's own logback configuration (warnings only, as
 * {@code damm server} logs by default), chosen explicitly because the bench jar also carries
 * slf4j-simple for the JMH benchmarks. An access log line per request would cost more than some
 * of the requests measured.
 */
final class BenchLogging {
    private BenchLogging() {}

    static void quiet() {
        System.setProperty("slf4j.provider", "ch.qos.logback.classic.spi.LogbackServiceProvider");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
}
