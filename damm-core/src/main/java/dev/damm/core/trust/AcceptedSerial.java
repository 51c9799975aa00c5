package dev.damm.core.trust;

import dev.damm.spi.DammException;
import dev.damm.spi.Require;
import java.util.Collections;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The newest signed document accepted for one scope: its serial, the lower-case hex SHA-256 of
 * its payload (so the same serial with different content is told apart), and the keys whose
 * signatures vouched for it (so the serial stops binding when a new root removes those keys).
 *
 * @param signers the ids of the keys whose signatures verified, 1 to {@value KeyQuorum#MAX_KEYS}
 */
public record AcceptedSerial(long serial, String payloadSha256, SortedSet<KeyId> signers) {
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    public AcceptedSerial {
        Require.nonNegative("serial", serial);
        Require.matches("payloadSha256", payloadSha256, HEX64, 64, "64 lower-case hex digits");
        Require.elements("signers", signers, KeyQuorum.MAX_KEYS);
        if (signers.isEmpty()) {
            throw DammException.invalid("signers", "must name at least one key");
        }
        signers = Collections.unmodifiableSortedSet(new TreeSet<>(signers));
    }

    /** An accepted serial vouched for by {@code signers}. */
    public static AcceptedSerial of(long serial, String payloadSha256, Set<KeyId> signers) {
        return new AcceptedSerial(serial, payloadSha256, new TreeSet<>(Require.nonNull("signers", signers)));
    }

    /**
     * Whether this serial still binds under {@code role}: the keys that vouched for it and that
     * {@code role} still lists reach its threshold. When they do not, a client forgets the serial
     * (fast-forward recovery, see {@link TrustStore}).
     */
    public boolean bindsUnder(KeyQuorum role) {
        Require.nonNull("role", role);
        Set<KeyId> listed = role.keyIds();
        long still = signers.stream().filter(listed::contains).count();
        return still >= role.threshold();
    }
}
