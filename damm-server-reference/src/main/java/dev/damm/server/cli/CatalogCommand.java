package dev.damm.server.cli;

import dev.damm.core.catalog.Catalog;
import dev.damm.core.catalog.CatalogCodec;
import dev.damm.core.catalog.CatalogScope;
import dev.damm.core.catalog.CatalogVerifier;
import dev.damm.core.catalog.Verification;
import dev.damm.core.trust.DsseEnvelope;
import dev.damm.core.trust.InMemoryTrustStore;
import dev.damm.core.trust.RootUpdate;
import dev.damm.core.trust.RootVerifier;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code damm catalog}: tools for signed catalogs. */
@Command(name = "catalog", mixinStandardHelpOptions = true, description = "Signed catalog tools.",
        subcommands = {CatalogCommand.Verify.class, CatalogCommand.Export.class})
final class CatalogCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /**
     * {@code damm catalog verify --root FILE --catalog FILE}: verifies a catalog offline, as a
     * client would, against a trust store pinned to the root file (a signed root envelope, e.g.
     * {@code damm-data/keys/root-1.json}). The root must verify under its own keys; the catalog
     * must be signed by that root's catalog keys, for its scope, within its validity. Prints the
     * verdict; a rejection is a failure with the rejection's code.
     */
    @Command(name = "verify", mixinStandardHelpOptions = true, description = "Verify a signed catalog offline against a root file.")
    static final class Verify implements Callable<Integer> {
        /** Larger files are not catalogs or roots; refused before they are read whole. */
        static final int MAX_FILE_BYTES = CatalogVerifier.DEFAULT_MAX_BYTES;

        @Option(names = "--root", required = true, paramLabel = "FILE", description = "The signed root envelope to trust.")
        Path root;

        @Option(names = "--catalog", required = true, paramLabel = "FILE", description = "The signed catalog envelope to verify.")
        Path catalog;

        @Option(names = "--follow", paramLabel = "FILE", description = "A newer root version to follow from --root first "
                + "(repeat, oldest first), e.g. after a key rotation.")
        List<Path> follow = new ArrayList<>();

        @Option(names = "--scope", paramLabel = "REGION/TIER",
                description = "The scope the catalog must be for (default: the scope it names).")
        String scope;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        private final Clock clock;

        Verify() {
            this(Clock.systemUTC());
        }

        Verify(Clock clock) {
            this.clock = clock;
        }

        @Override
        public Integer call() {
            byte[] rootBytes = read("root", root);
            byte[] catalogBytes = read("catalog", catalog);
            RootUpdate pinned = new RootVerifier().pin(rootBytes);
            if (pinned instanceof RootUpdate.Rejected r) {
                throw new DammException(r.reason().errorCode(), "root: " + root + " is not a valid signed root ("
                        + r.reason().code() + "): " + r.detail());
            }
            RootUpdate.Accepted accepted = (RootUpdate.Accepted) pinned;
            CatalogScope expected = scope != null ? parseScope(scope) : namedScope(catalogBytes);
            List<byte[]> newer = new ArrayList<>();
            for (Path f : follow) {
                newer.add(read("follow", f));
            }
            Verification v = CatalogVerifier.builder(new InMemoryTrustStore(accepted.root()), expected).clock(clock).build()
                    .verify(catalogBytes, newer);
            if (v instanceof Verification.Rejected r) {
                throw new DammException(r.reason().errorCode(), "catalog: rejected (" + r.reason().code() + "): " + r.detail());
            }
            Verification.Trusted t = (Verification.Trusted) v;
            Catalog c = t.catalog();
            spec.commandLine().getOut().println("trusted: " + c.scope() + " serial " + c.serial() + ", root v" + t.rootVersion()
                    + ", signed by " + t.signers().size() + " catalog key" + (t.signers().size() == 1 ? "" : "s") + ", "
                    + c.entries().size() + " entries, issued " + c.issuedAt() + ", fresh until " + c.freshUntil()
                    + ", valid until " + c.validUntil() + (t.stale() ? " (stale: refetch)" : ""));
            spec.commandLine().getOut().flush();
            return 0;
        }

        /**
         * The scope the catalog names, read before verifying only to pick the verifier's scope:
         * the verifier checks the signature over that same payload, so nothing unverified is
         * trusted.
         */
        private static CatalogScope namedScope(byte[] envelope) {
            try {
                return CatalogCodec.decode(DsseEnvelope.parse(envelope).payload()).scope();
            } catch (DammException e) {
                throw new DammException(ErrorCode.MALFORMED_INPUT, "catalog: not a signed catalog: " + e.getMessage(), e);
            }
        }

        private static CatalogScope parseScope(String s) {
            int slash = s.indexOf('/');
            if (slash < 0) {
                throw DammException.invalid("scope", "must be REGION/TIER, e.g. eu-central/standard");
            }
            return CatalogScope.of(s.substring(0, slash), s.substring(slash + 1));
        }

        private static byte[] read(String field, Path file) {
            try (InputStream in = Files.newInputStream(file)) {
                byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
                if (bytes.length > MAX_FILE_BYTES) {
                    throw new DammException(ErrorCode.PAYLOAD_TOO_LARGE, field + ": " + file + " is larger than " + MAX_FILE_BYTES + " bytes");
                }
                return bytes;
            } catch (NoSuchFileException e) {
                throw new DammException(ErrorCode.NOT_FOUND, field + ": " + file + " does not exist");
            } catch (IOException e) {
                throw new DammException(ErrorCode.INVALID_ARGUMENT, field + ": cannot read " + file + ": " + e.getMessage());
            }
        }
    }

    /**
     * {@code damm catalog export --server URL --out DIR}: copies every published scope's signed
     * catalog and every root version into {@code DIR} as static files laid out like the URL paths
     * ({@code DIR/v1/catalogs/<region>/<tier>}, {@code DIR/v1/roots/<version>}), so a CDN or an
     * object store can serve them as they are. Before anything is written, the roots must form a
     * chain from version 1 and every catalog must verify under the newest, as a device would check
     * them. Each file is written beside its target and renamed into place, so a reader never sees
     * half a file. Prints one line per file, its path first.
     */
    @Command(name = "export", mixinStandardHelpOptions = true, description = "Copy every signed catalog and root version to static files.")
    static final class Export implements Callable<Integer> {
        @Option(names = "--server", required = true, paramLabel = "URL", description = "The server's base URL.")
        String server;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write (created if absent).")
        Path out;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        private final java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .connectTimeout(java.time.Duration.ofSeconds(10)).build();

        @Override
        public Integer call() throws IOException {
            com.fasterxml.jackson.databind.JsonNode index;
            try {
                index = new com.fasterxml.jackson.databind.ObjectMapper().readTree(get("/v1/catalogs"));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new DammException(ErrorCode.MALFORMED_INPUT, "server: /v1/catalogs is not JSON");
            }
            java.util.Map<Path, byte[]> files = new java.util.LinkedHashMap<>();
            List<byte[]> roots = new ArrayList<>();
            int expected = 1;
            for (com.fasterxml.jackson.databind.JsonNode r : index.path("roots")) {
                int v = r.path("version").asInt(-1);
                if (v != expected) {
                    throw new DammException(ErrorCode.MALFORMED_INPUT, "server: root versions must run 1, 2, 3...; got " + r.path("version"));
                }
                byte[] bytes = get("/v1/roots/" + v);
                roots.add(bytes);
                files.put(Path.of("v1", "roots", Integer.toString(v)), bytes);
                expected++;
            }
            if (roots.isEmpty()) {
                throw new DammException(ErrorCode.NOT_FOUND, "server: lists no root version");
            }
            RootVerifier verifier = new RootVerifier();
            RootUpdate chain = verifier.pin(roots.get(0));
            if (chain instanceof RootUpdate.Accepted a) {
                chain = verifier.follow(a.root(), roots);
            }
            if (chain instanceof RootUpdate.Rejected r) {
                throw new DammException(r.reason().errorCode(), "roots: do not form a chain (" + r.reason().code() + "): " + r.detail());
            }
            dev.damm.core.trust.TrustedRoot newest = ((RootUpdate.Accepted) chain).root();
            for (com.fasterxml.jackson.databind.JsonNode s : index.path("scopes")) {
                // Names from the server become directories: only the shapes a scope may have.
                CatalogScope scope = CatalogScope.of(s.path("region").asText(), s.path("tier").asText());
                String region = scope.region().value();
                String tier = scope.accessTier();
                if (!dev.damm.core.model.AccessTierId.SHAPE.matcher(tier).matches()) {
                    throw DammException.invalid("tier", "the server listed a tier that is not " + dev.damm.core.model.AccessTierId.SHAPE_TEXT);
                }
                byte[] bytes = get("/v1/catalogs/" + region + "/" + tier);
                Verification v = CatalogVerifier.builder(new InMemoryTrustStore(newest), scope).build().verify(bytes);
                if (v instanceof Verification.Rejected r) {
                    throw new DammException(r.reason().errorCode(), "catalog " + scope + ": rejected (" + r.reason().code() + "): " + r.detail());
                }
                files.put(Path.of("v1", "catalogs", region, tier), bytes);
            }
            for (java.util.Map.Entry<Path, byte[]> f : files.entrySet()) {
                Path target = out.resolve(f.getKey());
                Files.createDirectories(target.getParent());
                Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
                Files.write(tmp, f.getValue());
                try {
                    Files.move(tmp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
                spec.commandLine().getOut().println(target + " " + f.getValue().length + " bytes");
            }
            spec.commandLine().getOut().flush();
            return 0;
        }

        private byte[] get(String path) {
            java.net.URI uri;
            try {
                uri = java.net.URI.create(server.replaceAll("/+$", "") + path);
            } catch (IllegalArgumentException e) {
                throw DammException.invalid("server", "not a URL: " + server);
            }
            try {
                java.net.http.HttpResponse<byte[]> r = http.send(java.net.http.HttpRequest.newBuilder(uri)
                        .timeout(java.time.Duration.ofSeconds(30)).GET().build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() != 200) {
                    ErrorCode code;
                    try {
                        code = ErrorCode.fromCode(new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body()).path("code").asText("internal"));
                    } catch (IOException | DammException notAProblem) {
                        code = ErrorCode.INTERNAL;
                    }
                    throw new DammException(code, "server: GET " + path + " answered " + r.statusCode());
                }
                return r.body();
            } catch (IOException e) {
                throw new DammException(ErrorCode.CONFIGURATION_ERROR, "server: cannot reach " + server + " (" + e.getClass().getSimpleName() + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DammException(ErrorCode.TIMEOUT, "server: interrupted");
            }
        }
    }
}
