package dev.damm.server.pages;

import java.util.List;

/**
 * One SVG line plot, laid out on the server: every coordinate is a number computed here, so the
 * template only prints numbers and fixed labels (and escapes them anyway).
 *
 * @param id the element id, e.g. {@code plot-success}
 * @param title what the plot shows
 * @param width the view box width
 * @param height the view box height
 * @param left x of the y axis
 * @param bottom y of the x axis
 * @param series the lines, each with its own CSS class
 * @param yTicks labels on the y axis
 * @param xTicks labels on the x axis (times)
 * @param points number of points drawn over all series; 0 draws "no data yet"
 */
public record Plot(String id, String title, int width, int height, int left, int bottom, int right, int top,
                   List<Series> series, List<Tick> yTicks, List<Tick> xTicks, int points) {
    public Plot {
        series = List.copyOf(series);
        yTicks = List.copyOf(yTicks);
        xTicks = List.copyOf(xTicks);
    }

    /** One line: {@code points} is the SVG polyline list {@code "x,y x,y ..."}. */
    public record Series(String name, String cssClass, String points, List<Point> dots) {
        public Series {
            dots = List.copyOf(dots);
        }
    }

    /** A data point in view box coordinates, with its value as a label for the tooltip. */
    public record Point(String x, String y, String label) {}

    /** An axis label at a view box position. */
    public record Tick(String x, String y, String label) {}
}
