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
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code damm catalog}: tools for signed catalogs. */
@Command(name = "catalog", mixinStandardHelpOptions = true, description = "Signed catalog tools.",
        subcommands = CatalogCommand.Verify.class)
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
            Verification v = CatalogVerifier.builder(new InMemoryTrustStore(accepted.root()), expected).clock(clock).build()
                    .verify(catalogBytes);
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
}
