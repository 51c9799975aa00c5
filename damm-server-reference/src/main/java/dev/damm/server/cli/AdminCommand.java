package dev.damm.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code damm admin}: the reference server's admin API from the command line. Lists print one item
 * per line, id first; a refusal prints one line {@code damm: <code>: <message>} and exits 2.
 */
@Command(name = "admin", description = "Administer a running server over its HTTP API.",
        subcommands = {AdminCommand.Tier.class, AdminCommand.Egress.class, AdminCommand.Pass.class, AdminCommand.GatewayCmd.class,
            AdminCommand.DeviceCmd.class, AdminCommand.Audit.class, AdminCommand.Report.class, AdminCommand.Pages.class,
            AdminCommand.Keys.class})
public final class AdminCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandLine.Model.CommandSpec spec;

    // Given before the subcommand (damm admin --server URL --token-file FILE tier list), the way
    // scripts call it; a leaf command's own --server and --token-file take precedence.
    @Option(names = "--server", paramLabel = "URL", description = "The server's base URL, e.g. http://127.0.0.1:8080.")
    String server;

    @Option(names = "--token-file", paramLabel = "FILE", description = "File holding the admin token (else DAMM_ADMIN_TOKEN).")
    Path tokenFile;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** Where the server is and which token to present (from the file, or {@code DAMM_ADMIN_TOKEN}). */
    static final class Target {
        @Option(names = "--server", paramLabel = "URL", description = "The server's base URL, e.g. http://127.0.0.1:8080.")
        String server;

        @Option(names = "--token-file", paramLabel = "FILE", description = "File holding the admin token (else DAMM_ADMIN_TOKEN).")
        Path tokenFile;

        private String token() {
            if (tokenFile != null) {
                try {
                    return Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
                } catch (IOException e) {
                    throw new DammException(ErrorCode.CONFIGURATION_ERROR, "tokenFile: cannot read " + tokenFile);
                }
            }
            String env = System.getenv("DAMM_ADMIN_TOKEN");
            if (env == null || env.isBlank()) {
                throw new DammException(ErrorCode.UNAUTHENTICATED, "token: give --token-file or set DAMM_ADMIN_TOKEN");
            }
            return env.strip();
        }

        /** Sends one call; a problem answer becomes the {@link DammException} it describes. */
        JsonNode call(String method, String path, Object body) {
            URI uri;
            try {
                uri = URI.create(server.replaceAll("/+$", "") + path);
            } catch (IllegalArgumentException e) {
                throw DammException.invalid("server", "not a URL: " + server);
            }
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token());
            try {
                if (body != null) {
                    b.header("Content-Type", "application/json");
                }
                b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
                HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
                        .send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                JsonNode n = r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
                if (r.statusCode() >= 400) {
                    ErrorCode code;
                    try {
                        code = ErrorCode.fromCode(n.path("code").asText("internal"));
                    } catch (DammException unknown) {
                        code = ErrorCode.INTERNAL;
                    }
                    throw new DammException(code, n.path("detail").asText("HTTP " + r.statusCode()));
                }
                return n;
            } catch (IOException e) {
                throw new DammException(ErrorCode.CONFIGURATION_ERROR, "server: cannot reach " + server + " (" + e.getClass().getSimpleName() + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DammException(ErrorCode.TIMEOUT, "server: interrupted");
            }
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static List<String> csv(String s) {
        return s == null ? List.of() : List.of(s.split(","));
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    static void array(ObjectNode o, String field, List<String> values) {
        values.forEach(o.putArray(field)::add);
    }

    /** Base of every leaf command: the target, an output, one line per item. */
    abstract static class Leaf implements Callable<Integer> {
        @Mixin
        Target target;
        @Spec
        CommandLine.Model.CommandSpec spec;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        /** The target, completed from {@code damm admin}'s own options where this command was given none. */
        Target target() {
            for (CommandLine.Model.CommandSpec s = spec.parent(); s != null; s = s.parent()) {
                if (s.userObject() instanceof AdminCommand a) {
                    if (target.server == null) target.server = a.server;
                    if (target.tokenFile == null) target.tokenFile = a.tokenFile;
                }
            }
            if (target.server == null) {
                throw DammException.invalid("server", "give the server's base URL with --server URL");
            }
            return target;
        }

        void line(String... parts) {
            out().println(String.join(" ", parts));
            out().flush();
        }
    }

    @Command(name = "tier", description = "Access tiers.", subcommands = {Tier.Put.class, Tier.ListCmd.class})
    static final class Tier {
        @Command(name = "put", description = "Create or replace a tier.")
        static final class Put extends Leaf {
            @Option(names = "--id", required = true) String id;
            @Option(names = "--regions", required = true, paramLabel = "R[,R...]") String regions;
            @Option(names = "--exits", paramLabel = "CC[,CC...]") String exits;
            @Option(names = "--sessions") Integer sessions;
            @Option(names = "--bytes") Long bytes;
            @Option(names = "--substitution", paramLabel = "strict|allow") String substitution;

            @Override
            public Integer call() {
                ObjectNode b = object();
                array(b, "regions", csv(regions));
                array(b, "exits", exits != null ? csv(exits) : servedExits(target(), csv(regions)));
                if (sessions != null) b.put("sessions", sessions);
                if (bytes != null) b.put("bytes", bytes);
                if (substitution != null) b.put("substitution", substitution);
                JsonNode t = target().call("PUT", "/v1/admin/tiers/" + enc(id), b);
                line(t.path("id").asText(), "regions=" + join(t.path("regions")), "exits=" + join(t.path("exits")));
                return 0;
            }
        }

        /** Without --exits a tier may leave through every exit country its regions' egress pools serve. */
        private static List<String> servedExits(Target server, List<String> tierRegions) {
            java.util.TreeSet<String> out = new java.util.TreeSet<>();
            for (JsonNode p : server.call("GET", "/v1/admin/egress", null).path("egressPools")) {
                if (tierRegions.contains(p.path("region").asText())) {
                    p.path("exits").forEach(c -> out.add(c.asText()));
                }
            }
            if (out.isEmpty()) {
                throw DammException.invalid("exits", "no egress pool serves " + String.join(",", tierRegions) + " yet; put one first or give --exits");
            }
            return List.copyOf(out);
        }

        @Command(name = "list", description = "List tiers.")
        static final class ListCmd extends Leaf {
            @Override
            public Integer call() {
                for (JsonNode t : target().call("GET", "/v1/admin/tiers", null).path("tiers")) {
                    line(t.path("id").asText(), "regions=" + join(t.path("regions")), "exits=" + join(t.path("exits")),
                            "sessions=" + t.path("sessions").asText(), "substitution=" + t.path("substitution").asText());
                }
                return 0;
            }
        }
    }

    @Command(name = "egress", description = "Egress pools.", subcommands = {Egress.Put.class, Egress.ListCmd.class})
    static final class Egress {
        @Command(name = "put", description = "Create or replace an egress pool.")
        static final class Put extends Leaf {
            @Option(names = "--id", required = true) String id;
            @Option(names = "--region", required = true) String region;
            @Option(names = "--provider", required = true) String provider;
            @Option(names = "--exits", required = true, paramLabel = "CC[,CC...]") String exits;
            @Option(names = "--kind", paramLabel = "main|quarantined") String kind;
            @Option(names = "--ips", paramLabel = "A[,A...]") String ips;

            @Override
            public Integer call() {
                ObjectNode b = object().put("region", region).put("provider", provider);
                array(b, "exits", csv(exits));
                array(b, "ips", csv(ips));
                if (kind != null) b.put("kind", kind);
                JsonNode p = target().call("PUT", "/v1/admin/egress/" + enc(id), b);
                line(p.path("id").asText(), p.path("region").asText(), p.path("kind").asText());
                return 0;
            }
        }

        @Command(name = "list", description = "List egress pools.")
        static final class ListCmd extends Leaf {
            @Override
            public Integer call() {
                for (JsonNode p : target().call("GET", "/v1/admin/egress", null).path("egressPools")) {
                    line(p.path("id").asText(), p.path("region").asText(), p.path("provider").asText(), p.path("kind").asText(),
                            "exits=" + join(p.path("exits")));
                }
                return 0;
            }
        }
    }

    @Command(name = "pass", description = "Install passes.", subcommands = {Pass.Mint.class})
    static final class Pass {
        @Command(name = "mint", description = "Mint install passes; prints one pass per line.")
        static final class Mint extends Leaf {
            @Option(names = "--tier", required = true) String tier;
            @Option(names = "--ttl", defaultValue = "1h", description = "Lifetime, e.g. 15m, 1h, 2d (default: ${DEFAULT-VALUE}).") String ttl;
            @Option(names = "--count", defaultValue = "1") int count;

            @Override
            public Integer call() {
                ObjectNode b = object().put("tier", tier).put("ttlSeconds", seconds(ttl)).put("count", count);
                for (JsonNode p : target().call("POST", "/v1/admin/passes", b).path("passes")) {
                    line(p.path("secret").asText());
                }
                return 0;
            }
        }
    }

    static long seconds(String ttl) {
        if (ttl == null || !ttl.matches("[0-9]{1,9}[smhd]")) {
            throw DammException.invalid("ttl", "must be a number and a unit (s, m, h or d), e.g. 1h");
        }
        long n = Long.parseLong(ttl.substring(0, ttl.length() - 1));
        return switch (ttl.charAt(ttl.length() - 1)) {
            case 's' -> n;
            case 'm' -> n * 60;
            case 'h' -> n * 3600;
            default -> n * 86400;
        };
    }

    @Command(name = "gateway", description = "Gateways: token, reissue ID, list, drain ID, retire ID.",
            subcommands = {GatewayCmd.Token.class, GatewayCmd.Reissue.class, GatewayCmd.ListCmd.class, GatewayCmd.Drain.class, GatewayCmd.Retire.class})
    static final class GatewayCmd {
        static String gateway(JsonNode g) {
            return g.path("id").asText() + " " + g.path("status").asText() + " " + g.path("region").asText() + " " + g.path("provider").asText()
                    + " doors=" + join(g.path("frontDoors"));
        }

        @Command(name = "list", description = "List gateways.")
        static final class ListCmd extends Leaf {
            @Override
            public Integer call() {
                for (JsonNode g : target().call("GET", "/v1/admin/gateways", null).path("gateways")) {
                    line(gateway(g));
                }
                return 0;
            }
        }

        @Command(name = "drain", description = "Stop new placements on a gateway; it stays a failover target.")
        static final class Drain extends Leaf {
            @Parameters(index = "0", paramLabel = "ID") String id;

            @Override
            public Integer call() {
                line(gateway(target().call("POST", "/v1/admin/gateways/" + enc(id) + "/drain", null)));
                return 0;
            }
        }

        @Command(name = "retire", description = "Remove a gateway from service.")
        static final class Retire extends Leaf {
            @Parameters(index = "0", paramLabel = "ID") String id;

            @Override
            public Integer call() {
                line(gateway(target().call("POST", "/v1/admin/gateways/" + enc(id) + "/retire", null)));
                return 0;
            }
        }

        @Command(name = "token", description = "Provision a gateway; prints its one-time registration token.")
        static final class Token extends Leaf {
            @Option(names = "--region", required = true) String region;
            @Option(names = "--provider", required = true) String provider;
            @Option(names = "--id", description = "The gateway's id (default: gw-<region>-<random>).") String id;
            @Option(names = "--ttl", defaultValue = "1h", description = "How long the token works, e.g. 15m, 1h, 2d (default: ${DEFAULT-VALUE}).") String ttl;

            @Override
            public Integer call() {
                long seconds = seconds(ttl);
                // An operator provisioning a node usually has no name for it yet; a random suffix keeps ids unique.
                String gatewayId = id != null ? id : "gw-" + region + "-" + randomSuffix();
                JsonNode g = target().call("POST", "/v1/admin/gateways", object().put("id", gatewayId).put("region", region).put("provider", provider)
                        .put("ttlSeconds", seconds));
                line(g.path("token").asText());
                return 0;
            }
        }

        @Command(name = "reissue", description = "A new one-time registration token for an existing gateway (lost credential, replaced machine); "
                + "registering with it replaces the gateway's credential and keeps its id.")
        static final class Reissue extends Leaf {
            @Parameters(index = "0", paramLabel = "ID") String id;
            @Option(names = "--ttl", defaultValue = "1h", description = "How long the token works, e.g. 15m, 1h, 2d (default: ${DEFAULT-VALUE}).") String ttl;

            @Override
            public Integer call() {
                JsonNode g = target().call("POST", "/v1/admin/gateways/" + enc(id) + "/token", object().put("ttlSeconds", seconds(ttl)));
                line(g.path("token").asText());
                return 0;
            }
        }
    }

    private static String randomSuffix() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        java.security.SecureRandom r = new java.security.SecureRandom();
        StringBuilder b = new StringBuilder(8);
        for (int i = 0; i < 8; i++) {
            b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    @Command(name = "device", description = "Devices: list, show ID, suspend ID, resume ID, revoke ID.")
    static final class DeviceCmd extends Leaf {
        @Parameters(index = "0", paramLabel = "ACTION", description = "list, show, suspend, resume or revoke") String action;
        @Parameters(index = "1", arity = "0..1", paramLabel = "ID") String id;

        @Override
        public Integer call() {
            if (action.equals("list")) {
                for (JsonNode d : target().call("GET", "/v1/admin/devices", null).path("devices")) {
                    line(device(d));
                }
                return 0;
            }
            if (!List.of("show", "suspend", "resume", "revoke").contains(action)) {
                throw DammException.invalid("action", "must be list, show, suspend, resume or revoke");
            }
            if (id == null) {
                throw DammException.invalid("id", "device " + action + " needs a device id");
            }
            JsonNode d = action.equals("show") ? target().call("GET", "/v1/admin/devices/" + enc(id), null)
                    : target().call("POST", "/v1/admin/devices/" + enc(id) + "/" + action, null);
            line(device(d));
            return 0;
        }

        private static String device(JsonNode d) {
            return d.path("id").asText() + " " + d.path("state").asText() + " " + d.path("tier").asText() + " " + d.path("region").asText()
                    + " " + join(d.path("tunnelAddresses"));
        }
    }

    @Command(name = "audit", description = "The audit log.", subcommands = {Audit.ListCmd.class})
    static final class Audit {
        @Command(name = "list", description = "Audit events, oldest first.")
        static final class ListCmd extends Leaf {
            @Option(names = "--after", paramLabel = "SEQ", defaultValue = "0", description = "Only events after this sequence number.") long after;
            @Option(names = "--since", paramLabel = "T", description = "Only events at or after this instant (ISO-8601, e.g. 2026-01-01T00:00:00Z).") String since;

            @Override
            public Integer call() {
                for (JsonNode e : target().call("GET", "/v1/admin/audit?after=" + after + "&limit=1000"
                        + (since == null ? "" : "&since=" + enc(since)), null).path("events")) {
                    line(e.path("sequence").asText(), e.path("at").asText(), e.path("actor").asText(), e.path("action").asText(),
                            e.path("target").asText());
                }
                return 0;
            }
        }
    }

    @Command(name = "report", description = "The operator report as text: one section after another, one item per line, id first.")
    static final class Report extends Leaf {
        @Override
        public Integer call() {
            JsonNode r = target().call("GET", "/v1/admin/report", null);
            try {
                out().print(dev.damm.core.report.OperatorReport.fromJson(JSON.writeValueAsString(r)).toText());
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new DammException(ErrorCode.MALFORMED_INPUT, "report: the server's answer is not a report");
            }
            out().flush();
            return 0;
        }
    }

    @Command(name = "pages", description = "Prints a sign-in link to the operator pages: it works once, within 10 minutes.")
    static final class Pages extends Leaf {
        @Override
        public Integer call() {
            JsonNode link = target().call("POST", "/v1/admin/page-links", null);
            line(link.path("url").asText());
            return 0;
        }
    }

    @Command(name = "keys", description = "Signing keys: rotate-catalog, rotate-root.", subcommands = {Keys.RotateCatalog.class, Keys.RotateRoot.class})
    static final class Keys {
        static String root(JsonNode r) {
            return "v" + r.path("rootVersion").asText() + " expires=" + r.path("expires").asText() + " root-keys=" + join(r.path("rootKeyIds"))
                    + " threshold=" + r.path("rootThreshold").asText() + " catalog-keys=" + join(r.path("catalogKeyIds"))
                    + " catalogs-resigned=" + r.path("catalogsResigned").asText();
        }

        @Command(name = "rotate-catalog", description = "New catalog key; signs the next root naming it; re-signs every catalog. Prints the new root.")
        static final class RotateCatalog extends Leaf {
            @Override
            public Integer call() {
                line(root(target().call("POST", "/v1/admin/keys/catalog", null)));
                return 0;
            }
        }

        @Command(name = "rotate-root", description = "New root keys; the next root is signed by the old and the new ones. Prints the new root.")
        static final class RotateRoot extends Leaf {
            @Override
            public Integer call() {
                line(root(target().call("POST", "/v1/admin/keys/root", null)));
                return 0;
            }
        }
    }

    static String join(JsonNode array) {
        StringBuilder b = new StringBuilder();
        for (JsonNode n : array) {
            b.append(b.length() == 0 ? "" : ",").append(n.asText());
        }
        return b.toString();
    }
}
