package dev.damm.server.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.damm.core.admission.AdmissionCheck;
import dev.damm.core.admission.AdmissionSet;
import dev.damm.core.admission.AdmissionTrustStore;
import dev.damm.core.admission.AdmissionVerifier;
import dev.damm.core.catalog.CatalogEntry;
import dev.damm.core.catalog.CatalogScope;
import dev.damm.core.catalog.CatalogVerifier;
import dev.damm.core.catalog.Verification;
import dev.damm.core.client.DeviceConfigs;
import dev.damm.core.crypto.WireGuardKeyPair;
import dev.damm.core.enroll.PeerMaterial;
import dev.damm.core.model.FrontDoor;
import dev.damm.core.model.FrontDoorId;
import dev.damm.core.model.FrontDoorState;
import dev.damm.core.model.GatewayId;
import dev.damm.core.trust.InMemoryTrustStore;
import dev.damm.core.trust.KeyQuorum;
import dev.damm.core.trust.RootUpdate;
import dev.damm.core.trust.RootVerifier;
import dev.damm.core.trust.TrustedRoot;
import dev.damm.server.cli.ServerCommand;
import dev.damm.server.http.ServerSettings;
import dev.damm.server.keys.SecretFiles;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.net.Endpoint;
import dev.damm.spi.net.IpNetwork;
import dev.damm.spi.transport.TransportTier;
import dev.damm.spi.wireguard.WireGuardKey;
import dev.damm.spi.wireguard.WireGuardPrivateKey;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code damm demo}: starts the reference server in this process on its embedded store (the same
 * wiring as {@code damm server}) and then plays every other part over HTTP only, the way each
 * would: the operator sets up a tier and egress pools and mints a gateway registration token with
 * the admin token the server wrote; the gateway registers a T0 and a T1 door and heartbeats; a
 * device generates its key pair here, enrolls with an install pass (the private key never leaves
 * the process), verifies the catalog against the root it pinned at enrollment and renders its
 * WireGuard config, printed as text and as a QR code. Then it prints the operator pages' URLs and
 * keeps serving until interrupted ({@code --once}: stops after printing).
 *
 * <p>State stays under {@code --data}: a second run reuses the first run's keys, admin token and
 * gateway (whose credential it kept, owner-only) and enrolls one more device into the same store.
 */
@Command(name = "demo", description = "Start the server in-process, enroll a device over HTTP, print its config and QR code, keep serving.")
public final class DemoCommand implements Callable<Integer> {
    /** The port tried when none is given; when it is taken (a server already runs) a free one is used. */
    static final int DEFAULT_PORT = 8080;
    /** The demo's loop tick: short, so a new device reaches the gateway's admission set within seconds. */
    static final Duration TICK = Duration.ofSeconds(2);
    private static final String ADMISSION = "X-Damm-Admission";

    @Option(names = {"--data", "--data-dir"}, paramLabel = "DIR", defaultValue = "damm-data",
            description = "Where state lives: the H2 database, keys, the admin token, the demo gateway's and devices' files (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--port", paramLabel = "PORT", description = "TCP port on 127.0.0.1 (default: " + DEFAULT_PORT
            + ", or a free port when that one is taken; 0 always picks a free one).")
    Integer port;

    @Option(names = "--jdbc-url", paramLabel = "URL",
            description = "Keep state in this database instead (e.g. jdbc:postgresql://db:5432/damm); password from DAMM_JDBC_PASSWORD.")
    String jdbcUrl;

    @Option(names = "--jdbc-user", paramLabel = "USER", description = "Database user for --jdbc-url.")
    String jdbcUser;

    @Option(names = "--once", description = "Exit after printing instead of serving until Ctrl-C.")
    boolean once;

    private final PrintStream out;
    private final Clock clock;
    private final boolean colors;

    public DemoCommand() {
        this(System.out, Clock.systemUTC(), System.console() != null && System.getenv("NO_COLOR") == null);
    }

    DemoCommand(PrintStream out, Clock clock) {
        this(out, clock, false);
    }

    private DemoCommand(PrintStream out, Clock clock, boolean colors) {
        this.out = out;
        this.clock = clock;
        this.colors = colors;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        Server server = new Server(start());
        Thread hook = new Thread(server::close, "damm-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            String base = server.running.server().baseUrl();
            walkThrough(base, new DemoHttp(base));
            if (once) {
                return 0;
            }
            out.println();
            out.println("serving at " + base + " until Ctrl-C");
            out.flush();
            new CountDownLatch(1).await(); // until interrupted, or the JVM's shutdown hook stops the server
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } finally {
            server.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running: it is what stops the server.
            }
        }
    }

    /** The in-process server, stopped once: readiness false, in-flight requests finish, then the store closes. */
    private final class Server {
        final ServerCommand.Running running;
        private final AtomicBoolean closed = new AtomicBoolean();

        Server(ServerCommand.Running running) {
            this.running = running;
        }

        void close() {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            if (!once) {
                out.println("damm demo: stopping (readiness false, in-flight requests finish, then the store closes)");
                out.flush();
            }
            running.close();
            if (!once) {
                out.println("damm demo: stopped");
                out.flush();
            }
        }
    }

    private ServerCommand.Running start() throws IOException {
        int wanted = port == null ? DEFAULT_PORT : port;
        try {
            return startOn(wanted);
        } catch (RuntimeException e) {
            if (!portTaken(e)) {
                throw e;
            }
            if (port != null) {
                throw new DammException(ErrorCode.CONFIGURATION_ERROR, "port: " + wanted + " on 127.0.0.1 is in use; give another --port, or 0 for a free one");
            }
            out.println("port " + DEFAULT_PORT + " is in use (is a server running?); using a free port instead");
            return startOn(0);
        }
    }

    private ServerCommand.Running startOn(int thePort) throws IOException {
        ServerSettings settings = new ServerSettings(dataDir, "127.0.0.1", thePort, Optional.ofNullable(jdbcUrl), Optional.ofNullable(jdbcUser),
                ServerSettings.DEFAULT_MAX_BODY_BYTES, TICK, Duration.ofSeconds(5));
        try {
            return ServerCommand.start(settings, clock);
        } catch (com.google.inject.ProvisionException e) {
            // The injector wraps what went wrong building the store or keys; report that, with its code.
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof DammException de) {
                    throw de;
                }
            }
            throw e;
        }
    }

    private static boolean portTaken(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException || t.getClass().getSimpleName().equals("JavalinBindException")) {
                return true;
            }
        }
        return false;
    }

    private void walkThrough(String base, DemoHttp http) throws IOException, InterruptedException {
        heading("DAMM demo");
        out.println("server: " + base + ", in this process; state in " + dataDir.toAbsolutePath()
                + (jdbcUrl != null ? " and " + jdbcUrl.replaceAll("//[^@/]*@", "//***@") : " (H2)"));
        Path adminTokenFile = dataDir.resolve("admin.token");
        if (!Files.exists(adminTokenFile)) {
            throw new DammException(ErrorCode.CONFIGURATION_ERROR, "adminToken: " + adminTokenFile
                    + " is missing; this store was set up with another data directory");
        }
        String admin = Files.readString(adminTokenFile, StandardCharsets.US_ASCII).strip();
        out.println("everything below is HTTP to that server; operator calls present the admin token in " + adminTokenFile + " (owner-only, not printed)");
        int before = http.call(200, "GET", "/v1/admin/devices", admin, null).path("devices").size();
        out.println("devices from earlier runs: " + before);

        heading("operator: tier and egress pools (PUT /v1/admin/...)");
        for (Map.Entry<String, ObjectNode> p : DemoWorld.egressPools().entrySet()) {
            JsonNode pool = http.call(200, "PUT", "/v1/admin/egress/" + p.getKey(), admin, p.getValue());
            out.println("- egress pool " + pool.path("id").asText() + " " + pool.path("kind").asText() + " in " + pool.path("region").asText()
                    + ", exits " + join(pool.path("exits")) + ", addresses " + join(pool.path("ips")));
        }
        JsonNode tier = http.call(200, "PUT", "/v1/admin/tiers/" + DemoWorld.TIER, admin, DemoWorld.tier());
        out.println("- tier " + tier.path("id").asText() + ": regions " + join(tier.path("regions")) + ", exits " + join(tier.path("exits"))
                + ", substitution " + tier.path("substitution").asText());

        heading("gateway " + DemoWorld.GATEWAY);
        String gatewayCredential = gatewayCredential(http, admin);
        JsonNode hb = http.call(200, "POST", "/v1/gateways/heartbeat", gatewayCredential,
                DemoHttp.object().put("load", 0.15).put("activePeers", before).put("rxBytes", 0).put("txBytes", 0));
        out.println("heartbeat (POST /v1/gateways/heartbeat): status " + hb.path("status").asText() + ", last heartbeat "
                + hb.path("lastHeartbeatAt").asText("never"));

        heading("device: install pass, local key pair, enrollment (POST /v1/devices)");
        JsonNode pass = http.call(201, "POST", "/v1/admin/passes", admin,
                DemoHttp.object().put("tier", DemoWorld.TIER).put("ttlSeconds", 900).put("count", 1)).path("passes").get(0);
        out.println("install pass " + pass.path("id").asText() + " minted for tier " + DemoWorld.TIER + ", expires " + pass.path("expiresAt").asText()
                + " (its secret goes to the device, not to this output)");
        WireGuardKeyPair device = WireGuardKeyPair.generate(new SecureRandom());
        JsonNode enrolled = http.call(201, "POST", "/v1/devices", null, DemoHttp.object().put("installPass", pass.path("secret").asText())
                .put("publicKey", device.publicKey().base64()).put("name", "demo-laptop").put("region", DemoWorld.REGION)
                .put("exitCountry", DemoWorld.EXIT));
        String deviceId = enrolled.path("deviceId").asText();
        Path deviceDir = dataDir.resolve("devices");
        Files.createDirectories(deviceDir);
        // The device credential authenticates key rotation and config re-issue later; the device keeps it.
        SecretFiles.write(deviceDir.resolve(deviceId + ".credential"), enrolled.path("credential").asText() + "\n");
        out.println("key pair generated here; only the public key was sent: " + device.publicKey().base64());
        out.println("enrolled device " + deviceId + "; its credential is in " + deviceDir.resolve(deviceId + ".credential") + " (owner-only, not printed)");

        // The device pins the root it was handed at enrollment and checks everything signed against it.
        TrustedRoot pinned = pin(enrolled.path("trustAnchor"));
        CatalogScope scope = CatalogScope.of(DemoWorld.REGION, DemoWorld.TIER);
        String catalogPath = "/v1/catalogs/" + scope.region() + "/" + scope.accessTier();
        DemoHttp.Answer fetched = http.send("GET", catalogPath, null, null, Map.of());
        if (fetched.status() != 200) {
            throw DemoHttp.refusal("GET", catalogPath, fetched);
        }
        Verification verification = CatalogVerifier.builder(new InMemoryTrustStore(pinned), scope).clock(clock).build().verify(fetched.body());
        if (!(verification instanceof Verification.Trusted trusted)) {
            Verification.Rejected r = (Verification.Rejected) verification;
            throw new DammException(ErrorCode.SIGNATURE_INVALID, "catalog: the server's catalog does not verify against the pinned root: "
                    + r.reason().code() + ": " + r.detail());
        }
        Path catalogFile = dataDir.resolve("catalog-" + scope.region() + "-" + scope.accessTier() + ".json");
        Files.write(catalogFile, fetched.body());

        String conf = DeviceConfigs.render(peer(enrolled.path("peer"), trusted), device.privateKey()).render();
        Path confFile = deviceDir.resolve(deviceId + ".conf");
        SecretFiles.write(confFile, conf); // it holds the device's private key

        heading("device " + deviceId + ": WireGuard config (wg-quick; also in " + confFile + ", owner-only)");
        out.print(conf);
        heading("the same config as a QR code (WireGuard app: add tunnel, scan from QR code)");
        for (String line : TerminalQr.lines(conf)) {
            out.println(colors ? TerminalQr.colored(line) : line);
        }

        heading("placement");
        for (JsonNode line : enrolled.path("explanation")) {
            out.println("- " + line.asText());
        }
        JsonNode peer = enrolled.path("peer");
        List<String> alternates = new ArrayList<>();
        peer.path("alternates").forEach(a -> alternates.add(a.path("frontDoor").path("id").asText() + " (" + a.path("frontDoor").path("transport").asText() + ")"));
        out.println("- dials " + peer.path("frontDoor").path("id").asText() + " (" + peer.path("frontDoor").path("transport").asText() + " "
                + peer.path("frontDoor").path("endpoint").asText() + "), tunnel addresses " + join(peer.path("tunnelAddresses"))
                + ", alternates " + alternates);

        heading("signed catalog " + scope + " (GET " + catalogPath + ", " + fetched.body().length + " bytes; also in " + catalogFile + ")");
        out.println("client verification: " + describe(trusted));
        for (CatalogEntry e : trusted.catalog().entries()) {
            out.println("- path " + e.pathId() + " score " + round(e.score()) + " exit " + e.exitCountry() + ": " + e.frontDoors().stream()
                    .map(d -> d.id() + " " + d.transport() + " " + d.endpoint() + " " + d.state().code()).toList());
        }
        String etag = fetched.header("ETag").orElse("");
        if (!etag.isEmpty()) {
            int again = http.send("GET", catalogPath, null, null, Map.of("If-None-Match", etag)).status();
            out.println("refetch with If-None-Match " + etag.substring(0, Math.min(etag.length(), 13)) + "...\": " + again
                    + (again == 304 ? " Not Modified" : ""));
        }

        admission(http, gatewayCredential, pinned, device.publicKey());

        heading("store");
        int after = http.call(200, "GET", "/v1/admin/devices", admin, null).path("devices").size();
        out.println("devices now: " + after + " (" + before + " from earlier runs); run again to enroll another into the same store");

        heading("operator pages and API");
        pageLink(http, base, admin);
        out.println("API description: " + base + "/v1/openapi.json");
        out.println("readiness: " + base + "/readyz, metrics: " + base + "/metrics");
        out.println("admin command line: damm admin --server " + base + " --token-file " + adminTokenFile + " device list");
        out.flush();
    }

    /**
     * The demo gateway's credential: kept from an earlier run, or a new registration. A
     * registration token is one-time once gateways get a separate credential: then register answers
     * with {@code credential}, which heartbeats and admission polls present; before that, the
     * registration token itself is the credential. Either is kept owner-only for the next run.
     */
    private String gatewayCredential(DemoHttp http, String admin) throws IOException {
        Path dir = dataDir.resolve("gateway");
        Path file = dir.resolve("credential");
        if (Files.exists(file)) {
            out.println("registered by an earlier run: reusing its credential in " + file + " (owner-only, not printed)");
            return Files.readString(file, StandardCharsets.US_ASCII).strip();
        }
        JsonNode provisioned;
        try {
            provisioned = http.call(201, "POST", "/v1/admin/gateways", admin, DemoHttp.object().put("id", DemoWorld.GATEWAY)
                    .put("name", "Demo gateway 1").put("region", DemoWorld.REGION).put("provider", DemoWorld.PROVIDER));
        } catch (DammException e) {
            if (e.errorCode() == ErrorCode.CONFLICT) {
                throw new DammException(ErrorCode.CONFIGURATION_ERROR, "gateway: " + DemoWorld.GATEWAY + " exists in the store but its credential file "
                        + file + " is gone; use a fresh --data directory", e);
            }
            throw e;
        }
        String token = provisioned.path("token").asText();
        out.println("registration token minted (POST /v1/admin/gateways; one-time, not printed)");
        WireGuardKeyPair keys = gatewayKeys(dir.resolve("private.key"));
        JsonNode registered = http.call(200, "POST", "/v1/gateways/register", token, DemoWorld.registration(keys.publicKey().base64()));
        String credential = registered.hasNonNull("credential") ? registered.path("credential").asText() : token;
        SecretFiles.write(file, credential + "\n");
        out.println("registered (POST /v1/gateways/register): status " + registered.path("status").asText() + ", public key " + keys.publicKey().base64());
        out.println("- door " + DemoWorld.GATEWAY + "-t0: T0 (plain WireGuard) 203.0.113.10:51820");
        out.println("- door " + DemoWorld.GATEWAY + "-t1: T1 (AmneziaWG) 203.0.113.10:443, " + DemoWorld.AMNEZIA);
        out.println("gateway credential kept in " + file + " (owner-only, not printed)");
        return credential;
    }

    private static WireGuardKeyPair gatewayKeys(Path keyFile) throws IOException {
        if (Files.exists(keyFile)) {
            return WireGuardKeyPair.fromPrivateKey(WireGuardPrivateKey.parse("gatewayKey", Files.readString(keyFile, StandardCharsets.US_ASCII).strip()));
        }
        WireGuardKeyPair k = WireGuardKeyPair.generate(new SecureRandom());
        SecretFiles.write(keyFile, k.privateKey().base64() + "\n");
        return k;
    }

    private static TrustedRoot pin(JsonNode anchor) {
        byte[] signed;
        try {
            signed = Base64.getDecoder().decode(anchor.path("signedRoot").asText());
        } catch (IllegalArgumentException e) {
            throw DammException.invalid("trustAnchor.signedRoot", "is not base64");
        }
        RootUpdate pinned = new RootVerifier().pin(signed);
        if (!(pinned instanceof RootUpdate.Accepted accepted)) {
            throw new DammException(ErrorCode.SIGNATURE_INVALID, "trustAnchor: the root handed out at enrollment does not verify: " + pinned);
        }
        return accepted.root();
    }

    /**
     * The peer material from the enrollment answer, with each door's transport parameters and
     * priority taken from the verified catalog, which is where a device reads them.
     */
    private static PeerMaterial peer(JsonNode p, Verification.Trusted catalog) {
        Map<String, dev.damm.core.catalog.FrontDoor> published = new HashMap<>();
        catalog.catalog().entries().forEach(e -> e.frontDoors().forEach(d -> published.put(d.id(), d)));
        List<PeerMaterial.Alternate> alternates = new ArrayList<>();
        for (JsonNode a : p.path("alternates")) {
            door(a.path("frontDoor"), published).ifPresent(d -> alternates.add(new PeerMaterial.Alternate(WireGuardKey.parse("gatewayPublicKey",
                    a.path("gatewayPublicKey").asText()), d)));
        }
        FrontDoor primary = door(p.path("frontDoor"), published).orElseThrow(() -> new DammException(ErrorCode.SIGNATURE_INVALID,
                "peer.frontDoor: " + p.path("frontDoor").path("id").asText() + " needs transport parameters the verified catalog does not list"));
        List<String> dns = new ArrayList<>();
        p.path("dns").forEach(d -> dns.add(d.asText()));
        return new PeerMaterial(WireGuardKey.parse("peer.gatewayPublicKey", p.path("gatewayPublicKey").asText()), primary, alternates,
                networks(p.path("tunnelAddresses")), networks(p.path("allowedIps")), dns, p.path("persistentKeepalive").asInt(0));
    }

    /** A door of the enrollment answer; empty for a T1+ door the catalog does not describe (its parameters are unknown). */
    private static Optional<FrontDoor> door(JsonNode d, Map<String, dev.damm.core.catalog.FrontDoor> published) {
        TransportTier tier = TransportTier.valueOf(d.path("transport").asText());
        dev.damm.core.catalog.FrontDoor listed = published.get(d.path("id").asText());
        if (listed == null && tier != TransportTier.T0) {
            return Optional.empty();
        }
        Map<String, String> params = listed == null ? Map.of() : new LinkedHashMap<>(listed.params().asMap());
        return Optional.of(new FrontDoor(FrontDoorId.of(d.path("id").asText()), GatewayId.of(d.path("gatewayId").asText()),
                Endpoint.parse("frontDoor.endpoint", d.path("endpoint").asText()), tier, listed == null ? 0 : listed.priority(),
                FrontDoorState.ACTIVE, params));
    }

    private static List<IpNetwork> networks(JsonNode array) {
        List<IpNetwork> out = new ArrayList<>();
        array.forEach(n -> out.add(IpNetwork.parse(n.asText())));
        return out;
    }

    /**
     * The gateway's side: fetch its signed admission set, verify it with the admission key of the
     * pinned root, and poll for the change when the new device is not in it yet (the server
     * publishes changes on its loop tick; a poll names the serial held and gets a signed delta).
     */
    private void admission(DemoHttp http, String credential, TrustedRoot root, WireGuardKey deviceKey) throws InterruptedException {
        KeyQuorum keys = root.document().role("admission").orElseThrow(() -> new DammException(ErrorCode.SIGNATURE_INVALID,
                "root: names no admission key"));
        AdmissionVerifier verifier = AdmissionVerifier.builder(keys, DemoWorld.GATEWAY, AdmissionTrustStore.inMemory()).clock(clock).build();
        DemoHttp.Answer a = http.send("GET", "/v1/gateways/admission", credential, null, Map.of());
        if (a.status() != 200) {
            throw DemoHttp.refusal("GET", "/v1/gateways/admission", a);
        }
        AdmissionCheck check = verifier.verify(a.body());
        String how = "full set";
        long deadline = System.nanoTime() + TICK.multipliedBy(15).toNanos();
        while (check instanceof AdmissionCheck.Accepted ok && !admits(ok.set(), deviceKey) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            DemoHttp.Answer next = http.send("GET", "/v1/gateways/admission?since=" + ok.set().serial(), credential, null, Map.of());
            if (next.status() == 304) {
                continue;
            }
            if (next.status() == 429) {
                // Polled too often for the server's limits: wait as long as it asks (within reason), then poll again.
                long wait = next.header("Retry-After").filter(v -> v.matches("[0-9]{1,4}")).map(Long::parseLong).orElse(1L);
                Thread.sleep(Math.min(wait, 5) * 1000);
                continue;
            }
            if (next.status() != 200) {
                throw DemoHttp.refusal("GET", "/v1/gateways/admission", next);
            }
            boolean delta = next.header(ADMISSION).orElse("").startsWith("delta");
            check = delta ? verifier.verifyDelta(next.body()) : verifier.verify(next.body());
            how = delta ? "full set, then a signed delta from serial " + ok.set().serial() : "newer full set";
        }
        if (check instanceof AdmissionCheck.Rejected r) {
            throw new DammException(ErrorCode.SIGNATURE_INVALID, "admission: the gateway rejects its set: " + r.reason().code() + ": " + r.detail());
        }
        AdmissionSet set = ((AdmissionCheck.Accepted) check).set();
        heading("admission set for " + DemoWorld.GATEWAY + " (GET /v1/gateways/admission: " + how + "; serial " + set.serial() + ")");
        out.println("gateway verification: accepted, " + set.peers().size() + " peers to apply"
                + (admits(set, deviceKey) ? "" : " (the new device arrives with the next set)"));
        set.peers().stream().skip(Math.max(0, set.peers().size() - 5))
                .forEach(p -> out.println("- " + p.deviceId() + " " + p.publicKey().base64() + " " + p.allowedIps()));
        if (set.peers().size() > 5) {
            out.println("  (" + (set.peers().size() - 5) + " more)");
        }
    }

    private static boolean admits(AdmissionSet set, WireGuardKey key) {
        return set.peers().stream().anyMatch(p -> p.publicKey().equals(key));
    }

    /**
     * The operator pages need a page session: a one-time sign-in link from {@code POST
     * /v1/admin/page-links}. A server without that route still gets its report URL printed, with
     * how to sign in.
     */
    private void pageLink(DemoHttp http, String base, String admin) {
        DemoHttp.Answer a = http.send("POST", "/v1/admin/page-links", admin, DemoHttp.object(), Map.of());
        if (a.status() == 201) {
            JsonNode link = a.json();
            out.println("operator pages: " + link.path("url").asText() + " (one-time sign-in link, expires " + link.path("expiresAt").asText()
                    + "; then " + base + "/ops/report and " + base + "/ops/permeability)");
        } else {
            out.println("operator pages: " + base + "/ops/report and " + base + "/ops/permeability");
            out.println("  (sign in with a one-time link: POST " + base + "/v1/admin/page-links with the admin token; this server answered "
                    + a.status() + ")");
        }
    }

    private void heading(String s) {
        out.println();
        out.println("== " + s);
    }

    private static String describe(Verification.Trusted t) {
        return "trusted (serial " + t.catalog().serial() + ", root v" + t.rootVersion() + ", signed by " + t.signers().size()
                + " key" + (t.signers().size() == 1 ? "" : "s") + (t.stale() ? ", stale: refetch" : "") + ")";
    }

    private static String join(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return String.join(",", out);
    }

    private static String round(double d) {
        return Double.toString(Math.round(d * 1000) / 1000.0);
    }
}
