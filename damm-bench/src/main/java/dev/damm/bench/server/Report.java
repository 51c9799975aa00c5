package dev.damm.bench.server;

import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A benchmark's results: rows of measured figures, then the goals with their verdicts; printed as
 * a table and written as JSON under {@code damm-bench/target/} (or {@code target/} when run from
 * inside the module).
 */
public final class Report {
    private final String name;
    private final Map<String, Object> setup = new LinkedHashMap<>();
    private final List<Map<String, Object>> rows = new ArrayList<>();
    private final List<Map<String, Object>> goals = new ArrayList<>();

    public Report(String name) {
        this.name = name;
    }

    public Report setup(String key, Object value) {
        setup.put(key, value);
        return this;
    }

    /** One measured row: what, then its figures in order (name → value). */
    public Report row(String what, Map<String, Object> figures) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("what", what);
        r.putAll(figures);
        rows.add(r);
        return this;
    }

    /** A goal: its text, the measured value, and whether it is met. */
    public Report goal(String goal, String measured, boolean met) {
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("goal", goal);
        g.put("measured", measured);
        g.put("met", met);
        goals.add(g);
        return this;
    }

    /** Prints the tables and writes {@code <name>.json}; returns the file. */
    public Path finish() throws IOException {
        System.out.println();
        System.out.println("== " + name + " ==");
        setup.forEach((k, v) -> System.out.println("  " + k + ": " + v));
        if (!rows.isEmpty()) {
            List<String> cols = new ArrayList<>();
            for (Map<String, Object> r : rows) {
                for (String k : r.keySet()) {
                    if (!cols.contains(k)) {
                        cols.add(k);
                    }
                }
            }
            table(cols, rows);
        }
        if (!goals.isEmpty()) {
            List<Map<String, Object>> g = new ArrayList<>();
            for (Map<String, Object> x : goals) {
                Map<String, Object> y = new LinkedHashMap<>(x);
                y.put("met", Boolean.TRUE.equals(x.get("met")) ? "met" : "NOT MET");
                g.add(y);
            }
            table(List.of("goal", "measured", "met"), g);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("benchmark", name);
        doc.put("at", Instant.now().toString());
        doc.put("setup", setup);
        doc.put("rows", rows);
        doc.put("goals", goals);
        Path out = dir().resolve(name + ".json");
        Fleet.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), doc);
        System.out.println("results written to " + out.toAbsolutePath());
        return out;
    }

    /** Where results go: {@code damm-bench/target} from the repository's root, else {@code target}. */
    static Path dir() throws IOException {
        Path dir = Files.isDirectory(Path.of("damm-bench")) ? Path.of("damm-bench", "target") : Path.of("target");
        Files.createDirectories(dir);
        return dir;
    }

    private static void table(List<String> cols, List<Map<String, Object>> rows) {
        int[] w = new int[cols.size()];
        List<String[]> cells = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            String[] c = new String[cols.size()];
            for (int i = 0; i < cols.size(); i++) {
                c[i] = text(r.get(cols.get(i)));
            }
            cells.add(c);
        }
        for (int i = 0; i < cols.size(); i++) {
            w[i] = cols.get(i).length();
            for (String[] c : cells) {
                w[i] = Math.max(w[i], c[i].length());
            }
        }
        StringBuilder sep = new StringBuilder("|");
        StringBuilder head = new StringBuilder("|");
        for (int i = 0; i < cols.size(); i++) {
            head.append(' ').append(pad(cols.get(i), w[i])).append(" |");
            sep.append('-').append("-".repeat(w[i])).append("-|");
        }
        System.out.println(head);
        System.out.println(sep);
        for (String[] c : cells) {
            StringBuilder line = new StringBuilder("|");
            for (int i = 0; i < c.length; i++) {
                line.append(' ').append(pad(c[i], w[i])).append(" |");
            }
            System.out.println(line);
        }
    }

    private static String pad(String s, int w) {
        return s + " ".repeat(Math.max(0, w - s.length()));
    }

    static String text(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double d) {
            if (d.isNaN()) {
                return "n/a";
            }
            return Math.abs(d) >= 100 ? String.format(Locale.ROOT, "%,.0f", d) : String.format(Locale.ROOT, "%.2f", d);
        }
        return v.toString();
    }
}
