package dev.damm.server.http;

import dev.damm.core.enroll.Secrets;
import dev.damm.core.store.AdminToken;
import dev.damm.core.store.DammStore;
import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Sign-in to the operator pages without a long-lived token in a URL. An admin or operator-read
 * token asks for a page link; its code is single-use and valid for {@link #CODE_TTL}; opening the
 * link trades the code for a session, kept in an HttpOnly cookie, valid for {@link #SESSION_TTL}.
 *
 * <p>Codes and sessions are admin tokens of scope {@code operator-read} kept in the store (hashed,
 * like every admin token), so any server behind a balancer can honour a link or a session another
 * one made. They are told apart from operator tokens by who made them ({@code page-code:<id>} or
 * {@code page-session:<id>}, the id being the token that asked for the link); the admin API refuses
 * them, and a code is never a session or the other way round. Their lifetime runs from their
 * creation time; a spent code is revoked in the same transaction that stores its session.
 */
final class PageSessions {
    /** How long a page link works. */
    static final Duration CODE_TTL = Duration.ofMinutes(10);
    /** How long a page session lasts. */
    static final Duration SESSION_TTL = Duration.ofHours(8);
    /** The session cookie's name. */
    static final String COOKIE = "damm_ops";
    private static final String CODE_BY = "page-code:";
    private static final String SESSION_BY = "page-session:";

    private final DammStore store;
    private final Clock clock;
    private final RandomGenerator random;

    PageSessions(DammStore store, Clock clock, RandomGenerator random) {
        this.store = store;
        this.clock = clock;
        this.random = random;
    }

    /** A code just made: its text (shown once, in the link) and when it stops working. */
    record Code(String text, Instant expiresAt) {
        @Override
        public String toString() {
            return "Code[redacted, expiresAt=" + expiresAt + "]";
        }
    }

    /** A session just opened: the token behind it and the cookie value (shown once). */
    record Session(AdminToken token, String text) {
        @Override
        public String toString() {
            return "Session[" + token.id() + ", text=redacted]";
        }
    }

    /** True for codes and sessions: tokens the admin API must refuse. */
    static boolean pageOnly(AdminToken t) {
        return t.createdBy().startsWith(CODE_BY) || t.createdBy().startsWith(SESSION_BY);
    }

    /** A new single-use code for {@code issuer} (an operator token, not a page token). */
    Code code(AdminToken issuer) {
        AdminTokens.Issued issued = AdminTokens.issue(store, random, clock, AdminToken.SCOPE_OPERATOR_READ, CODE_BY + issuer.id());
        return new Code(issued.text(), issued.token().createdAt().plus(CODE_TTL));
    }

    /**
     * Spends {@code code} and opens a session for the token that asked for it; {@code
     * UNAUTHENTICATED}, with nothing stored, when the code is unknown, forged, spent or expired.
     */
    // Synchronized: two requests with one code on this server are checked one after the other.
    synchronized Session open(String code) {
        AdminToken c = find(code, CODE_BY, CODE_TTL);
        Instant now = clock.instant();
        String id = Secrets.newId(random, "ps");
        String secret = Secrets.newSecret(random, "");
        AdminToken session = new AdminToken(id, AdminToken.SCOPE_OPERATOR_READ, Secrets.hash(secret), now,
                SESSION_BY + c.createdBy().substring(CODE_BY.length()), Optional.empty());
        store.inTransaction(tx -> {
            // Read again inside the write: a code spent since it was checked is refused here.
            AdminToken again = tx.adminTokens().find(c.id()).orElseThrow(PageSessions::unauthenticated);
            if (again.revoked()) {
                throw unauthenticated();
            }
            tx.adminTokens().revoke(c.id(), now);
            tx.adminTokens().insert(session);
            return null;
        });
        return new Session(session, AdminTokens.PREFIX + id + "." + secret);
    }

    /** The session {@code cookie} names, if it is one and still open; otherwise {@code UNAUTHENTICATED}. */
    AdminToken session(String cookie) {
        return find(cookie, SESSION_BY, SESSION_TTL);
    }

    /** The token that asked for the link a session was opened with. */
    static String issuer(AdminToken session) {
        int colon = session.createdBy().indexOf(':');
        return session.createdBy().substring(colon + 1);
    }

    private AdminToken find(String text, String by, Duration ttl) {
        if (text == null || text.isEmpty()) {
            throw unauthenticated();
        }
        AdminToken t;
        try {
            t = AdminTokens.authenticate(store, text);
        } catch (DammException e) {
            throw unauthenticated();
        }
        if (!t.createdBy().startsWith(by) || !clock.instant().isBefore(t.createdAt().plus(ttl))) {
            throw unauthenticated();
        }
        return t;
    }

    private static DammException unauthenticated() {
        return new DammException(ErrorCode.UNAUTHENTICATED, "page: the link or session is unknown, spent or expired; ask for a new page link");
    }
}
