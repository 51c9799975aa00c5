package dev.damm.server.pages;

import dev.damm.core.report.OperatorReport;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.Require;
import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.extension.AbstractExtension;
import io.pebbletemplates.pebble.extension.Filter;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import io.pebbletemplates.pebble.template.EvaluationContext;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import java.io.IOException;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders the operator pages from an {@link OperatorReport}: the report page (paths by score with
 * their breakdown, vital signs as tables and as SVG plots over time, weakest zones, incidents by
 * severity, thin provider diversity, the next node and why, transport tier costs) and the
 * permeability page it links to. Pure: a report in, an HTML string out; routes are someone else's.
 *
 * <p>Every value printed is HTML-escaped by the template engine (auto-escaping is on and no
 * template marks anything safe), so a gateway name or a zone label holding markup shows as text.
 * The pages carry a Content-Security-Policy that allows no script and no resource from elsewhere.
 * Thread-safe.
 */
public final class OperatorPages {
    private final PebbleEngine engine;
    private final String reportHref;
    private final String permeabilityHref;

    /**
     * @param reportHref where the permeability page links back to the report, e.g. {@code /operator/report}
     * @param permeabilityHref where the report links to the permeability page
     */
    public OperatorPages(String reportHref, String permeabilityHref) {
        this.reportHref = Require.text("reportHref", reportHref, 500);
        this.permeabilityHref = Require.text("permeabilityHref", permeabilityHref, 500);
        ClasspathLoader loader = new ClasspathLoader(OperatorPages.class.getClassLoader());
        loader.setPrefix("dev/damm/server/pages");
        loader.setSuffix(".peb");
        this.engine = new PebbleEngine.Builder().loader(loader).autoEscaping(true).defaultEscapingStrategy("html")
                .strictVariables(true).newLineTrimming(true).defaultLocale(Locale.ROOT).extension(new Formats()).build();
    }

    /** The report page. */
    public String reportPage(OperatorReport report) {
        Require.nonNull("report", report);
        Map<String, Object> model = model(report);
        model.put("plots", VitalPlots.of(report.vitalHistory()));
        return render("report", model);
    }

    /** The permeability page: slices weakest first, then the model's recommendations. */
    public String permeabilityPage(OperatorReport report) {
        Require.nonNull("report", report);
        return render("permeability", model(report));
    }

    private Map<String, Object> model(OperatorReport report) {
        Map<String, Object> m = new HashMap<>();
        m.put("r", report);
        m.put("reportHref", reportHref);
        m.put("permeabilityHref", permeabilityHref);
        return m;
    }

    private String render(String name, Map<String, Object> model) {
        PebbleTemplate t = engine.getTemplate(name);
        StringWriter out = new StringWriter();
        try {
            t.evaluate(out, model, Locale.ROOT);
        } catch (IOException e) {
            throw new DammException(ErrorCode.INTERNAL, "page: " + name + " could not be rendered", e);
        }
        return out.toString();
    }

    /** {@code num} (3 places, {@code -} for no data), {@code pct} (a share as a percentage), {@code ms}. */
    private static final class Formats extends AbstractExtension {
        @Override
        public Map<String, Filter> getFilters() {
            return Map.of("num", format(v -> String.format(Locale.ROOT, "%.3f", v)),
                    "pct", format(v -> String.format(Locale.ROOT, "%.1f%%", 100 * v)),
                    "secs", format(v -> String.format(Locale.ROOT, "%.1f s", v / 1000)));
        }

        private static Filter format(java.util.function.DoubleFunction<String> f) {
            return new Filter() {
                @Override
                public Object apply(Object input, Map<String, Object> args, PebbleTemplate self, EvaluationContext context, int line) {
                    return input instanceof Number n ? f.apply(n.doubleValue()) : "-";
                }

                @Override
                public List<String> getArgumentNames() {
                    return List.of();
                }
            };
        }
    }
}
