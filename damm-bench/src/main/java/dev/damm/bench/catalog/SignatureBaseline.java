package dev.damm.bench.catalog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Measures DAMM's Ed25519 sign and verify rates (JMH, one thread, 20-byte message) and
 * {@code openssl speed ed25519} (one process, so one core) on the same machine in the same run,
 * before and after JMH, and prints the ratio.
 * Goal: verify at least 0.75 × openssl's single-core rate.
 *
 * <p>Run: {@code java -cp damm-bench/target/damm-bench.jar dev.damm.bench.catalog.SignatureBaseline}.
 */
public final class SignatureBaseline {
    static final double VERIFY_GOAL = 0.75;
    private static final Pattern OPENSSL_LINE = Pattern.compile("Ed25519\\)\\s+\\S+s\\s+\\S+s\\s+([0-9.]+)\\s+([0-9.]+)");

    private SignatureBaseline() {}

    public static void main(String[] args) throws Exception {
        Options options = new OptionsBuilder()
                .include(Pattern.quote(SignatureBenchmark.class.getName()) + "\\.(sign|verify)$")
                .param("messageBytes", "20")
                .forks(1)
                .threads(1)
                .warmupIterations(3)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(5)
                .measurementTime(TimeValue.seconds(1))
                .timeUnit(TimeUnit.SECONDS)
                .build();
        // openssl runs before and after JMH and the two are averaged: on a shared machine the load
        // changes during the run, and bracketing keeps the comparison fair.
        double[] before = opensslSpeed();
        Collection<RunResult> results = new Runner(options).run();
        double javaSign = score(results, "sign");
        double javaVerify = score(results, "verify");
        double[] after = opensslSpeed();
        double[] openssl = {(before[0] + after[0]) / 2, (before[1] + after[1]) / 2};
        System.out.println();
        System.out.println("Ed25519, one thread, 20-byte message        sign/s     verify/s");
        System.out.printf(Locale.ROOT, "DAMM (BouncyCastle %s)      %12.0f %12.0f%n", bcVersion(), javaSign, javaVerify);
        System.out.printf(Locale.ROOT, "openssl speed ed25519 (before, after)  %6.0f,%6.0f %6.0f,%6.0f%n", before[0], after[0], before[1], after[1]);
        System.out.printf(Locale.ROOT, "openssl speed ed25519 (mean)          %12.0f %12.0f%n", openssl[0], openssl[1]);
        double verifyRatio = javaVerify / openssl[1];
        System.out.printf(Locale.ROOT, "ratio DAMM/openssl                    %12.2f %12.2f%n", javaSign / openssl[0], verifyRatio);
        System.out.printf(Locale.ROOT, "verify goal >= %.2f x openssl: %s%n", VERIFY_GOAL, verifyRatio >= VERIFY_GOAL ? "met" : "NOT met");
    }

    private static double score(Collection<RunResult> results, String method) {
        for (RunResult r : results) {
            if (r.getParams().getBenchmark().endsWith("." + method)) {
                return r.getPrimaryResult().getScore();
            }
        }
        throw new IllegalStateException("no JMH result for " + method);
    }

    /** Runs {@code openssl speed -seconds 3 ed25519} and returns {sign/s, verify/s}. */
    static double[] opensslSpeed() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("openssl", "speed", "-seconds", "3", "ed25519").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("openssl speed failed:\n" + out);
        }
        Matcher m = OPENSSL_LINE.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("could not find the Ed25519 line in openssl's output:\n" + out);
        }
        return new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))};
    }

    private static String bcVersion() {
        return new org.bouncycastle.jce.provider.BouncyCastleProvider().getVersionStr();
    }
}
