package dev.damm.core.store;

import dev.damm.spi.Require;
import java.time.Instant;
import java.util.Optional;

/**
 * One append-only audit record: who did what to which target, when, and the state before and
 * after (as JSON snapshots with secrets removed).
 *
 * @param sequence assigned by the store on append; 0 before that
 */
public record AuditEvent(long sequence, Instant at, String actor, String action, String target,
        Optional<String> before, Optional<String> after) {
    public AuditEvent {
        Require.nonNegative("audit.sequence", sequence);
        Require.nonNull("audit.at", at);
        Require.text("audit.actor", actor, 128);
        Require.matches("audit.action", action, dev.damm.core.internal.model.Shapes.ACTION, 64, "a dotted lower-case action");
        Require.text("audit.target", target, 256);
        Require.nonNull("audit.before", before);
        Require.nonNull("audit.after", after);
        before.ifPresent(b -> Require.range("audit.before.length", b.length(), 0, 65_536));
        after.ifPresent(a -> Require.range("audit.after.length", a.length(), 0, 65_536));
    }

    public static AuditEvent of(Instant at, String actor, String action, String target, String before, String after) {
        return new AuditEvent(0, at, actor, action, target, Optional.ofNullable(before), Optional.ofNullable(after));
    }

    AuditEvent withSequence(long seq) {
        return new AuditEvent(seq, at, actor, action, target, before, after);
    }
}
