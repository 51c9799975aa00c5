package dev.damm.core.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.damm.spi.wireguard.WireGuardKey;
import dev.damm.spi.wireguard.WireGuardPrivateKey;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Compares our public key derivation with {@code wg pubkey}, the reference every peer uses. */
class WireGuardKeyPairInteropTest {

    @Test
    void derivesTheSamePublicKeysAsWgPubkey() throws Exception {
        assumeTrue(onPath("wg"), "wg is not installed");
        SecureRandom random = new SecureRandom();
        List<WireGuardPrivateKey> keys = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            byte[] k = new byte[32];
            random.nextBytes(k);
            // Half of them unclamped: wg pubkey clamps a copy, so the result must still agree.
            keys.add(i % 2 == 0 ? WireGuardKeyPair.generate(random).privateKey() : WireGuardPrivateKey.ofBytes(k));
        }
        List<String> derivedByWg = wgPubkey(keys);
        assertEquals(keys.size(), derivedByWg.size());
        for (int i = 0; i < keys.size(); i++) {
            assertEquals(WireGuardKey.parse(derivedByWg.get(i)), WireGuardKeyPair.fromPrivateKey(keys.get(i)).publicKey(), "key " + i);
        }
    }

    @Test
    void acceptsKeysMadeByWgGenkey() throws Exception {
        assumeTrue(onPath("wg"), "wg is not installed");
        String script = "for i in 1 2 3 4 5; do k=$(wg genkey); echo \"$k $(echo \"$k\" | wg pubkey)\"; done";
        for (String line : exec(List.of("bash", "-c", script), "")) {
            String[] pair = line.split(" ");
            WireGuardKeyPair ours = WireGuardKeyPair.fromPrivateKey(WireGuardPrivateKey.parse(pair[0]));
            assertEquals(WireGuardKey.parse(pair[1]), ours.publicKey());
        }
    }

    /** One shell for all keys: a hundred process starts would dominate the test's time. */
    private static List<String> wgPubkey(List<WireGuardPrivateKey> keys) throws IOException, InterruptedException {
        StringBuilder in = new StringBuilder();
        keys.forEach(k -> in.append(k.base64()).append('\n'));
        return exec(List.of("bash", "-c", "while read -r k; do echo \"$k\" | wg pubkey || exit 1; done"), in.toString());
    }

    private static List<String> exec(List<String> command, String stdin) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).start();
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> {
            try {
                return p.getErrorStream().readAllBytes();
            } catch (IOException e) {
                return new byte[0];
            }
        });
        try (var out = p.getOutputStream()) {
            out.write(stdin.getBytes(StandardCharsets.US_ASCII));
        }
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(command + " failed: " + new String(err.join(), StandardCharsets.UTF_8));
        }
        return stdout.lines().toList();
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) return false;
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) return true;
        }
        return false;
    }
}
