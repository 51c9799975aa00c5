package dev.damm.server.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's headless Chromium for the page tests, and readers of the DOM it dumps. A machine
 * without Chromium skips those tests; under CI (the {@code CI} environment variable set), where
 * the build installs it, a missing Chromium fails them instead of skipping.
 */
public final class HeadlessChromium {
    private HeadlessChromium() {}

    /** The chromium on PATH: the test is skipped without it, and fails without it under CI. */
    public static Path require() {
        Path chromium = onPath("chromium");
        if (chromium == null && System.getenv("CI") != null) {
            throw new AssertionError("chromium is not on PATH, and CI installs it: .ci/run must have failed to");
        }
        Assumptions.assumeTrue(chromium != null, "chromium is not on PATH (CI installs it)");
        return chromium;
    }

    /** Runs chromium headless with a profile of its own (its cookies) and {@code args}; returns what it printed. */
    public static String run(Path chromium, Path profile, String... args) throws Exception {
        Files.createDirectories(profile);
        List<String> cmd = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile.toAbsolutePath()));
        cmd.addAll(List.of(args));
        Path stdout = Files.createTempFile(profile.toAbsolutePath().getParent(), "chromium", ".out");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("chromium did not finish: " + cmd);
            }
            String out = Files.readString(stdout, StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), "chromium " + cmd + ": " + out);
            return out;
        } finally {
            Files.deleteIfExists(stdout);
        }
    }

    static Path onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** The inside of {@code <table id="id">}. */
    public static String table(String dom, String id) {
        Matcher m = Pattern.compile("<table id=\"" + id + "\">(.*?)</table>", Pattern.DOTALL).matcher(dom);
        assertTrue(m.find(), "table " + id);
        return m.group(1);
    }

    /** The body rows of a table, each as its cells' text; a cell holding markup fails (every value is escaped). */
    public static List<List<String>> rows(String table) {
        Matcher body = Pattern.compile("<tbody>(.*?)</tbody>", Pattern.DOTALL).matcher(table);
        assertTrue(body.find());
        List<List<String>> out = new ArrayList<>();
        Matcher tr = Pattern.compile("<tr[^>]*>(.*?)</tr>", Pattern.DOTALL).matcher(body.group(1));
        while (tr.find()) {
            List<String> cells = new ArrayList<>();
            Matcher td = Pattern.compile("<td[^>]*>(.*?)</td>", Pattern.DOTALL).matcher(tr.group(1));
            while (td.find()) {
                String html = td.group(1);
                assertFalse(html.contains("<"), "markup inside a cell: " + html);
                cells.add(html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&").strip());
            }
            out.add(cells);
        }
        return out;
    }

    /** The whole {@code <svg id="id">} element. */
    public static String svg(String dom, String id) {
        Matcher m = Pattern.compile("<svg id=\"" + id + "\".*?</svg>", Pattern.DOTALL).matcher(dom);
        assertTrue(m.find(), "svg " + id);
        return m.group();
    }

    /** The points of the plot's {@code <polyline class="cssClass">}. */
    public static String polyline(String svg, String cssClass) {
        Matcher m = Pattern.compile("<polyline class=\"" + cssClass + "\"[^>]*points=\"([^\"]*)\"").matcher(svg);
        assertTrue(m.find(), "polyline " + cssClass);
        return m.group(1);
    }
}
