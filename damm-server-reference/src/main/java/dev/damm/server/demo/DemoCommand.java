package dev.damm.server.demo;

import dev.damm.core.ControlPlane;
import dev.damm.core.admission.AdmissionCheck;
import dev.damm.core.admission.AdmissionPublisher;
import dev.damm.core.admission.AdmissionTrustStore;
import dev.damm.core.admission.AdmissionVerifier;
import dev.damm.core.catalog.CatalogScope;
import dev.damm.core.catalog.CatalogVerifier;
import dev.damm.core.catalog.Verification;
import dev.damm.core.client.DeviceConfigs;
import dev.damm.core.crypto.WireGuardKeyPair;
import dev.damm.core.enroll.EnrollmentRequest;
import dev.damm.core.enroll.EnrollmentResult;
import dev.damm.core.enroll.MintedPass;
import dev.damm.core.gateway.GatewayRegistration;
import dev.damm.core.gateway.GatewayService;
import dev.damm.core.loop.ControlLoop;
import dev.damm.core.model.HeartbeatMetrics;
import dev.damm.core.publish.CatalogPublisher;
import dev.damm.core.rank.Ranker;
import dev.damm.core.rank.RankingPolicy;
import dev.damm.core.score.HandshakeAttempt;
import dev.damm.core.score.PathDescriptor;
import dev.damm.core.score.ProbeResult;
import dev.damm.core.store.DammStore;
import dev.damm.core.trust.FileTrustStore;
import dev.damm.core.trust.RootUpdate;
import dev.damm.core.trust.RootVerifier;
import dev.damm.server.keys.KeyRing;
import dev.damm.spi.provider.ProviderId;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import dev.damm.spi.net.CountryCode;
import dev.damm.store.jdbc.JdbcStore;
import dev.damm.store.jdbc.JdbcStoreConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code damm demo}: the whole authority in one process on its durable store. It mints an
 * install pass, registers a gateway with two front doors, enrolls a device whose key is
 * generated here (as on the device), and prints the device's WireGuard config, the placement
 * explanation, the admission set the gateway would apply and the signed catalog for the region,
 * each verified the way its consumer verifies it. State stays under {@code --data-dir}: a second
 * run finds the first run's devices, keys and catalog serials.
 */
@Command(name = "demo", description = "Run the authority end to end: enroll a device and print its config.")
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "damm-data",
            description = "Where state lives: the H2 database, keys, the demo gateway's and device's files (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--jdbc-url", paramLabel = "URL",
            description = "Keep state in this database instead (e.g. jdbc:postgresql://db:5432/damm); password from DAMM_JDBC_PASSWORD.")
    String jdbcUrl;

    @Option(names = "--jdbc-user", paramLabel = "USER", description = "Database user for --jdbc-url.")
    String jdbcUser;

    private final PrintStream out;
    private final Clock clock;

    public DemoCommand() {
        this(System.out, Clock.systemUTC());
    }

    DemoCommand(PrintStream out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    @Override
    public Integer call() throws IOException {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new DammException(ErrorCode.CONFIGURATION_ERROR, "dataDir: cannot create " + dataDir + " (" + e.getMessage() + ")", e);
        }
        SecureRandom random = new SecureRandom();
        KeyRing keys = KeyRing.openOrCreate(dataDir.resolve("keys"), clock, random);
        try (DammStore store = openStore()) {
            run(store, keys, random);
        }
        return 0;
    }

    private DammStore openStore() {
        if (jdbcUrl == null) {
            return JdbcStore.h2File(dataDir.toAbsolutePath());
        }
        JdbcStoreConfig.Builder b = JdbcStoreConfig.builder(jdbcUrl);
        if (jdbcUser != null) {
            b.user(jdbcUser);
        }
        String pw = System.getenv("DAMM_JDBC_PASSWORD");
        if (pw != null) {
            b.password(pw.toCharArray());
        }
        return JdbcStore.open(b.build());
    }

    private void run(DammStore store, KeyRing keys, SecureRandom random) throws IOException {
        long before = store.inTransaction(tx -> tx.devices().count());
        ControlLoop loop = ControlLoop.builder(ControlPlane.builder(store).random(random).trustAnchor(keys::trustAnchor)).clock(clock)
                .catalogKey(keys.catalogKey()).admissionKey(keys.admissionKey()).ranker(new Ranker(RankingPolicy.DEFAULT))
                .catalogFreshFor(Duration.ofHours(1)).catalogValidFor(Duration.ofDays(7)).admissionValidFor(Duration.ofHours(24)).build();
        ControlPlane cp = loop.plane();
        heading("DAMM demo");
        out.println("data directory: " + dataDir.toAbsolutePath() + (jdbcUrl != null ? " (state in " + jdbcUrl.replaceAll("//[^@/]*@", "//***@") + ")" : " (state in H2)"));
        out.println("keys: " + (keys.created() ? "created" : "loaded") + "; root v" + keys.root().version()
                + " (2 of 3 root keys), catalog key " + keys.catalogKey().keyId() + ", admission key " + keys.admissionKey().keyId());
        out.println("devices from earlier runs: " + before);

        // Operator: policy and fleet.
        DemoWorld.ensureFleetPolicy(cp);
        WireGuardKeyPair gatewayKeys = gatewayKeys();
        String gatewayCredential = registerGateway(cp, loop, new GatewayRegistration(gatewayKeys.publicKey(), DemoWorld.frontDoors()));

        // Score loop: heartbeats and synthetic probes (standing in for the gateway agent and the prober) enter the loop.
        for (int i = 0; i < 5; i++) {
            loop.heartbeat(gatewayCredential, new HeartbeatMetrics(0.15, (int) before, 0, 0));
            for (PathDescriptor p : loop.paths()) {
                loop.observe(new ProbeResult(p.key(), clock.instant(), true, OptionalDouble.of(p.transport().ordinal() == 0 ? 38 : 45)));
                loop.observe(new HandshakeAttempt(p.key(), clock.instant(), true));
            }
        }
        loop.evaluate();

        // Device side: the key pair is generated here and the private key never leaves this process.
        MintedPass pass = cp.passes().mint(DemoWorld.TIER, Duration.ofMinutes(15), "demo-admin", "127.0.0.1");
        WireGuardKeyPair device = WireGuardKeyPair.generate(random);
        EnrollmentResult enrolled = cp.enrollment().enroll(new EnrollmentRequest(pass.secret(), device.publicKey().base64(),
                Optional.of("demo-laptop"), Optional.of(DemoWorld.REGION), Optional.of(CountryCode.of("DE")), false, "127.0.0.1"));
        Path deviceDir = dataDir.resolve("devices");
        Files.createDirectories(deviceDir);
        writeSecret(deviceDir.resolve(enrolled.device().id() + ".key"), device.privateKey().base64() + "\n");
        String conf = DeviceConfigs.render(enrolled.peer(), device.privateKey()).render();
        writeSecret(deviceDir.resolve(enrolled.device().id() + ".conf"), conf); // it holds the device's private key

        heading("device " + enrolled.device().id() + ": WireGuard config (wg-quick; written to "
                + deviceDir.resolve(enrolled.device().id() + ".conf") + ")");
        out.print(conf);
        heading("placement");
        enrolled.explanation().forEach(l -> out.println("- " + l));
        out.println("- tunnel addresses " + enrolled.device().tunnelAddresses() + ", alternates: "
                + enrolled.peer().alternates().stream().map(a -> a.frontDoor().id() + " (" + a.frontDoor().transport() + ")").toList());

        // Gateway side: the signed admission set, verified with the admission key from the root.
        AdmissionPublisher.Signed set = loop.publishAdmission(DemoWorld.GATEWAY);
        AdmissionCheck check = AdmissionVerifier.builder(keys.admissionQuorum(), DemoWorld.GATEWAY.value(), AdmissionTrustStore.inMemory())
                .clock(clock).build().verify(set.toJson());
        heading("admission set for " + DemoWorld.GATEWAY + " (serial " + set.set().serial() + ", " + set.set().peers().size()
                + " peers, " + set.toJson().length + " bytes signed)");
        out.println("gateway verification: " + describe(check));
        set.set().peers().stream().skip(Math.max(0, set.set().peers().size() - 5))
                .forEach(p -> out.println("- " + p.deviceId() + " " + p.publicKey() + " " + p.allowedIps()));
        if (set.set().peers().size() > 5) {
            out.println("  (" + (set.set().peers().size() - 5) + " more)");
        }

        // Client side: the signed catalog for the device's scope, verified against the pinned root.
        CatalogScope scope = CatalogScope.of(DemoWorld.REGION.value(), DemoWorld.TIER.value());
        CatalogPublisher.Published published = loop.publish(scope).published();
        Files.write(dataDir.resolve("catalog-" + scope.region() + "-" + scope.accessTier() + ".json"), published.catalog().toJson());
        Verification v;
        // The trust file is locked while a handle is open; release it before the next run.
        try (FileTrustStore trust = clientTrust(keys)) {
            v = CatalogVerifier.builder(trust, scope).clock(clock).build().verify(published.catalog().toJson());
        }
        heading("signed catalog " + scope + " (serial " + published.catalog().catalog().serial() + ", "
                + published.catalog().toJson().length + " bytes; written to " + dataDir.resolve("catalog-" + scope.region() + "-" + scope.accessTier() + ".json") + ")");
        out.println("client verification: " + describe(v));
        published.catalog().catalog().entries().forEach(e -> out.println("- path " + e.pathId() + " score " + round(e.score()) + " exit "
                + e.exitCountry() + ": " + e.frontDoors().stream().map(d -> d.id() + " " + d.transport() + " " + d.endpoint() + " " + d.state().code()).toList()));
        if (published.ranking().diversityRelaxed()) {
            out.println("  (diversity relaxed: " + published.ranking().relaxations() + " — one gateway, one provider in this demo)");
        }
        long after = store.inTransaction(tx -> tx.devices().count());
        heading("store");
        out.println("devices now: " + after + " (" + before + " from earlier runs); run again to enroll another into the same store");
    }

    /**
     * Registers the demo gateway and returns its gateway credential. The first run provisions it and
     * spends the one-time registration token; later runs re-register with the credential the first
     * one kept. The gateway agent keeps its credential on its own host; here, beside the demo's data.
     */
    private String registerGateway(ControlPlane cp, ControlLoop loop, GatewayRegistration registration) throws IOException {
        Path credentialFile = dataDir.resolve("gateway").resolve("credential");
        if (Files.exists(credentialFile)) {
            String credential = Files.readString(credentialFile, StandardCharsets.US_ASCII).strip();
            loop.register(credential, registration);
            return credential;
        }
        Path tokenFile = dataDir.resolve("gateway").resolve("token");
        String token = Files.exists(tokenFile) ? Files.readString(tokenFile, StandardCharsets.US_ASCII).strip() : gatewayToken(cp, tokenFile);
        String credential = loop.register(token, registration).credential().orElseThrow();
        writeSecret(credentialFile, credential + "\n");
        Files.deleteIfExists(tokenFile); // spent: it opens nothing any more
        return credential;
    }

    private String gatewayToken(ControlPlane cp, Path tokenFile) throws IOException {
        GatewayService.Provisioned p;
        try {
            p = cp.gateways().provision(DemoWorld.GATEWAY, "Demo gateway 1", DemoWorld.REGION, ProviderId.of("static"), "demo-admin");
        } catch (DammException e) {
            if (e.errorCode() == ErrorCode.CONFLICT) {
                throw new DammException(ErrorCode.CONFIGURATION_ERROR, "gateway: " + DemoWorld.GATEWAY
                        + " exists in the store but its credential and token files under " + tokenFile.getParent() + " are gone; use a fresh --data-dir", e);
            }
            throw e;
        }
        Files.createDirectories(tokenFile.getParent());
        writeSecret(tokenFile, p.token() + "\n");
        return p.token();
    }

    private WireGuardKeyPair gatewayKeys() throws IOException {
        Path keyFile = dataDir.resolve("gateway").resolve("private.key");
        if (Files.exists(keyFile)) {
            return WireGuardKeyPair.fromPrivateKey(dev.damm.spi.wireguard.WireGuardPrivateKey.parse("gatewayKey",
                    Files.readString(keyFile, StandardCharsets.US_ASCII).strip()));
        }
        WireGuardKeyPair k = WireGuardKeyPair.generate(new SecureRandom());
        Files.createDirectories(keyFile.getParent());
        writeSecret(keyFile, k.privateKey().base64() + "\n");
        return k;
    }

    private FileTrustStore clientTrust(KeyRing keys) {
        Path file = dataDir.resolve("client").resolve("trust.json");
        if (Files.exists(file)) {
            return FileTrustStore.open(file);
        }
        RootUpdate pinned = new RootVerifier().pin(keys.signedRoot());
        if (!(pinned instanceof RootUpdate.Accepted accepted)) {
            throw new DammException(ErrorCode.CONFIGURATION_ERROR, "root: the key ring's root does not verify: " + pinned);
        }
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new DammException(ErrorCode.CONFIGURATION_ERROR, "client: cannot create " + file.getParent(), e);
        }
        return FileTrustStore.create(file, accepted.root());
    }

    /** Writes a file only its owner may read or write: it holds a private key or a token. */
    private static void writeSecret(Path p, String content) throws IOException {
        dev.damm.server.keys.SecretFiles.write(p, content);
    }

    private void heading(String s) {
        out.println();
        out.println("== " + s);
    }

    private static String describe(AdmissionCheck c) {
        return c instanceof AdmissionCheck.Accepted a ? "accepted (" + a.set().peers().size() + " peers to apply)"
                : "REJECTED " + ((AdmissionCheck.Rejected) c).reason().code() + ": " + ((AdmissionCheck.Rejected) c).detail();
    }

    private static String describe(Verification v) {
        if (v instanceof Verification.Trusted t) {
            return "trusted (serial " + t.catalog().serial() + ", root v" + t.rootVersion() + ", signed by " + t.signers().size()
                    + " key" + (t.stale() ? ", stale: refetch" : "") + ")";
        }
        Verification.Rejected r = (Verification.Rejected) v;
        return "REJECTED " + r.reason().code() + ": " + r.detail();
    }

    private static String round(double d) {
        return Double.toString(Math.round(d * 1000) / 1000.0);
    }
}
