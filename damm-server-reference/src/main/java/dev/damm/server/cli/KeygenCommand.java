package dev.damm.server.cli;

import dev.damm.server.keys.SecretFiles;

import dev.damm.core.crypto.WireGuardKeyPair;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code damm keygen}: generates a WireGuard key pair on this machine, as {@code wg genkey} and
 * {@code wg pubkey} would. With {@code --private-key-file} the private key goes to a file only its
 * owner can read and only the public key is printed.
 */
@Command(name = "keygen", description = "Generate a WireGuard key pair locally (X25519).")
final class KeygenCommand implements Callable<Integer> {

    @Option(names = "--private-key-file", paramLabel = "FILE",
            description = "Write the private key to FILE (mode 600) instead of printing it.")
    Path privateKeyFile;

    @Override
    public Integer call() throws Exception {
        WireGuardKeyPair pair = WireGuardKeyPair.generate(new SecureRandom());
        if (privateKeyFile != null) {
            SecretFiles.write(privateKeyFile, pair.privateKey().base64() + "\n");
            System.out.println(pair.publicKey().base64());
        } else {
            System.out.println("private " + pair.privateKey().base64());
            System.out.println("public  " + pair.publicKey().base64());
        }
        return 0;
    }
}
