package dev.damm.server.pages;

import dev.damm.core.report.VitalSample;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** Lays out the three vital signs over time as {@link Plot}s. */
final class VitalPlots {
    static final int WIDTH = 640;
    static final int HEIGHT = 220;
    static final int LEFT = 56;
    static final int RIGHT = 16;
    static final int TOP = 16;
    static final int BOTTOM = 36;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

    private VitalPlots() {}

    static List<Plot> of(List<VitalSample> samples) {
        return List.of(
                plot("plot-churn", "Catalog content changes (all scopes, in the window)", samples, false,
                        List.of(new Line("content changes", "s-churn", s -> (double) s.contentChanges()))),
                plot("plot-success", "Client-reported vs probe success", samples, true,
                        List.of(new Line("client reports", "s-client", VitalSample::clientSuccess),
                                new Line("probes", "s-probe", VitalSample::probeSuccess))),
                plot("plot-demotion", "Time to demotion (slowest, seconds)", samples, false,
                        List.of(new Line("seconds", "s-demotion", s -> s.demotionMillis() == null ? null : s.demotionMillis() / 1000.0))));
    }

    private record Line(String name, String cssClass, Function<VitalSample, Double> value) {}

    private static Plot plot(String id, String title, List<VitalSample> samples, boolean share, List<Line> lines) {
        double max = share ? 1 : 0;
        for (VitalSample s : samples) {
            for (Line l : lines) {
                Double v = l.value().apply(s);
                if (v != null && Double.isFinite(v)) {
                    max = Math.max(max, v);
                }
            }
        }
        if (max <= 0) {
            max = 1;
        }
        long t0 = samples.isEmpty() ? 0 : samples.get(0).at().toEpochMilli();
        long t1 = samples.isEmpty() ? 0 : samples.get(samples.size() - 1).at().toEpochMilli();
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = HEIGHT - TOP - BOTTOM;
        List<Plot.Series> series = new ArrayList<>();
        int points = 0;
        for (Line l : lines) {
            StringBuilder pts = new StringBuilder();
            List<Plot.Point> dots = new ArrayList<>();
            for (VitalSample s : samples) {
                Double v = l.value().apply(s);
                if (v == null || !Double.isFinite(v)) {
                    continue; // no data is a gap, not a zero
                }
                double x = LEFT + (t1 == t0 ? plotW / 2 : plotW * (s.at().toEpochMilli() - t0) / (t1 - t0));
                double y = TOP + plotH * (1 - v / max);
                if (pts.length() > 0) {
                    pts.append(' ');
                }
                pts.append(fmt(x)).append(',').append(fmt(y));
                dots.add(new Plot.Point(fmt(x), fmt(y), TIME.format(s.at()) + " " + l.name() + " " + label(v, share)));
                points++;
            }
            series.add(new Plot.Series(l.name(), l.cssClass(), pts.toString(), dots));
        }
        List<Plot.Tick> yTicks = new ArrayList<>();
        for (int i = 0; i <= 4; i++) {
            double v = max * i / 4;
            yTicks.add(new Plot.Tick(fmt(LEFT - 6), fmt(TOP + plotH * (1 - i / 4.0) + 4), label(v, share)));
        }
        List<Plot.Tick> xTicks = new ArrayList<>();
        if (!samples.isEmpty()) {
            xTicks.add(new Plot.Tick(fmt(LEFT), fmt(HEIGHT - BOTTOM + 18), TIME.format(Instant.ofEpochMilli(t0))));
            if (t1 != t0) {
                xTicks.add(new Plot.Tick(fmt(WIDTH - RIGHT), fmt(HEIGHT - BOTTOM + 18), TIME.format(Instant.ofEpochMilli(t1))));
            }
        }
        return new Plot(id, title, WIDTH, HEIGHT, LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, TOP, series, yTicks, xTicks, points);
    }

    private static String label(double v, boolean share) {
        return share ? String.format(Locale.ROOT, "%.0f%%", 100 * v) : String.format(Locale.ROOT, v == Math.rint(v) ? "%.0f" : "%.1f", v);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
