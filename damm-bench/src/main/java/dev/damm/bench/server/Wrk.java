package dev.damm.bench.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs {@code wrk} against one URL and reads requests per second and latency percentiles from its output. */
final class Wrk {
    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern REQUESTS = Pattern.compile("([0-9]+) requests in");
    private static final Pattern NON2XX = Pattern.compile("Non-2xx or 3xx responses: ([0-9]+)");
    private static final Pattern ERRORS = Pattern.compile("Socket errors: connect ([0-9]+), read ([0-9]+), write ([0-9]+), timeout ([0-9]+)");

    private Wrk() {}

    /** One run: requests per second, p50 and p99 in ms, requests done, requests answered other than 2xx/3xx, socket errors. */
    record Run(double rps, double p50Ms, double p99Ms, long requests, long non2xx, long socketErrors) {}

    static Run run(String url, int threads, int connections, int seconds) throws IOException, InterruptedException {
        List<String> cmd = List.of("wrk", "-t" + threads, "-c" + connections, "-d" + seconds + "s", "--latency", url);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("wrk failed: " + out);
        }
        Matcher rps = RPS.matcher(out);
        if (!rps.find()) {
            throw new IllegalStateException("wrk printed no Requests/sec: " + out);
        }
        Matcher n = REQUESTS.matcher(out);
        Matcher bad = NON2XX.matcher(out);
        Matcher err = ERRORS.matcher(out);
        long errors = 0;
        if (err.find()) {
            for (int i = 1; i <= 4; i++) {
                errors += Long.parseLong(err.group(i));
            }
        }
        return new Run(Double.parseDouble(rps.group(1)), percentile(out, "50%"), percentile(out, "99%"), n.find() ? Long.parseLong(n.group(1)) : 0,
                bad.find() ? Long.parseLong(bad.group(1)) : 0, errors);
    }

    /** A line of wrk's "Latency Distribution", e.g. {@code 99%    1.23ms}, in ms. */
    static double percentile(String out, String which) {
        Matcher m = Pattern.compile("^\\s*" + Pattern.quote(which) + "\\s+([0-9.]+)(us|ms|s|m)\\s*$", Pattern.MULTILINE).matcher(out);
        if (!m.find()) {
            return Double.NaN;
        }
        double v = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> v / 1000;
            case "ms" -> v;
            case "s" -> v * 1000;
            default -> v * 60_000;
        };
    }
}
