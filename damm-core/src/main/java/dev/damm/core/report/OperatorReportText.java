package dev.damm.core.report;

import dev.damm.spi.Require;
import java.util.List;
import java.util.Locale;

/**
 * The operator report as plain text for a terminal: one heading per section, then one line per
 * item, its id first. A value with no data prints as {@code -}. Control characters in text from
 * the store or a client are replaced, so a name cannot move the cursor or clear the screen.
 */
public final class OperatorReportText {
    private OperatorReportText() {}

    public static String render(OperatorReport r) {
        Require.nonNull("report", r);
        StringBuilder b = new StringBuilder();
        b.append("DAMM operator report at ").append(r.generatedAt()).append(" (churn since ").append(r.since()).append(")\n");

        heading(b, "paths by score");
        if (r.paths().isEmpty()) {
            b.append("(no paths)\n");
        }
        for (ReportPath p : r.paths()) {
            ScoreFactors f = p.breakdown();
            line(b, p.pathId(), "score " + num(p.score()), "confidence " + num(p.confidence()), "gateway " + p.gatewayName(),
                    p.provider() + "@" + p.region(), p.transport(), "state " + (p.state() == null ? "-" : p.state()),
                    "probe " + num(f.probeSuccessRate()), "handshake " + num(f.handshakeSuccessRate()),
                    "client " + num(f.clientSuccessRate()), "throughput " + num(f.throughputRatio()),
                    "p50 " + num(f.latencyP50Millis()) + " ms", "p99 " + num(f.latencyP99Millis()) + " ms",
                    "heartbeat " + num(f.heartbeatFreshness()));
        }

        heading(b, "vital signs");
        ReportVitalSigns v = r.vitalSigns();
        b.append("catalog churn:\n");
        empty(b, v.churn());
        v.churn().forEach(c -> line(b, c.scope(), c.publications() + " publications", c.contentChanges() + " content changes"));
        b.append("client-reported vs probe success:\n");
        empty(b, v.success());
        v.success().forEach(s -> line(b, s.region(), "clients " + num(s.clientSuccess()) + " (" + s.clientReportsSucceeded() + "/"
                + s.clientReports() + ")", "probes " + num(s.probeSuccess()) + " (" + s.probesSucceeded() + "/" + s.probes() + ")"));
        b.append("time to demotion:\n");
        empty(b, v.demotions());
        v.demotions().forEach(d -> line(b, d.kind() + ":" + d.subjectId(), d.latencyMillis() + " ms", "crossed " + d.crossedAt(),
                "published " + d.publishedAt() + " in " + d.scope()));
        b.append("samples over time: ").append(r.vitalHistory().size()).append('\n');

        heading(b, "weakest network zones");
        empty(b, r.weakestZones());
        r.weakestZones().forEach(z -> line(b, z.zoneId(), z.label(), z.country() + " " + z.networkType(), "worst "
                + num(z.worstPermeability()) + " (" + z.worstStatus() + ")", "mean " + num(z.meanPermeability()),
                z.incidents() + " incidents", z.samples() + " samples"));

        heading(b, "incidents by severity");
        empty(b, r.incidents());
        r.incidents().forEach(i -> line(b, i.id(), i.severity(), i.incidentClass(), "zone " + i.zoneId(),
                "confidence " + num(i.confidence()), i.summary()));

        heading(b, "thin provider diversity");
        empty(b, r.thinDiversity());
        r.thinDiversity().forEach(t -> line(b, t.region(), "ingress " + list(t.ingressProviders()), "egress " + list(t.egressProviders()),
                t.gateways() + " gateways", t.why()));

        heading(b, "next node");
        NodeRecommendation n = r.nextNode();
        line(b, n.action(), n.target(), "priority " + n.priority(), "from " + n.source(), n.reason());

        heading(b, "transport tier costs");
        if (r.transportCosts().isEmpty()) {
            b.append("(not measured yet)\n");
        }
        r.transportCosts().forEach(c -> line(b, c.tier(), c.transport(), c.measure() + " " + num(c.value()) + " " + c.unit(),
                "measured " + c.measuredAt() + " by " + c.source()));

        heading(b, "permeability recommendations");
        empty(b, r.recommendations());
        r.recommendations().forEach(x -> line(b, x.type(), x.target(), "priority " + x.priority(), x.reason()));
        return b.toString();
    }

    private static void heading(StringBuilder b, String title) {
        b.append("\n== ").append(title).append('\n');
    }

    private static void empty(StringBuilder b, List<?> items) {
        if (items.isEmpty()) {
            b.append("(none)\n");
        }
    }

    private static void line(StringBuilder b, String... parts) {
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                b.append("  ");
            }
            b.append(safe(parts[i]));
        }
        b.append('\n');
    }

    /** Replaces control characters (escape sequences, newlines inside a value) with {@code ?}. */
    static String safe(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) || c == 0x2028 || c == 0x2029 ? '?' : c));
        return out.toString();
    }

    private static String list(List<String> items) {
        return items.isEmpty() ? "-" : String.join(",", items);
    }

    static String num(Double d) {
        return d == null ? "-" : String.format(Locale.ROOT, "%.3f", d);
    }

    private static String num(double d) {
        return String.format(Locale.ROOT, "%.3f", d);
    }
}
