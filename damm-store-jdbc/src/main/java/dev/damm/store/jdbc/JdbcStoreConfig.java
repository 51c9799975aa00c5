package dev.damm.store.jdbc;

import dev.damm.spi.DammException;
import dev.damm.spi.Require;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How to reach the database behind a {@link JdbcStore}: JDBC URL, credentials, pool size and
 * timeouts.
 *
 * <p>The password is held as a {@code char[]} copy and never appears in {@link #toString()},
 * logs or exception messages. Instances are immutable; build them with {@link #builder(String)}.
 */
public final class JdbcStoreConfig {
    /** H2 settings that let the one migration set and the same SQL serve H2 and PostgreSQL. */
    static final String H2_SETTINGS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
            // Write each commit to the file at once (default: up to 500 ms later), so an
            // acknowledged enrollment survives the process being killed.
            + ";WRITE_DELAY=0"
            // The store is closed by its owner (the server's shutdown hook releases its job leases
            // first); H2 closing the database from its own hook races that and loses the release.
            // Every commit is already on disk (above), so a process that exits without closing loses nothing.
            + ";DB_CLOSE_ON_EXIT=FALSE";

    private final String jdbcUrl;
    private final Optional<String> user;
    private final char[] password;
    private final int poolSize;
    private final Duration connectionTimeout;
    private final int maxRetries;
    private final String poolName;
    private final boolean serializable;

    private JdbcStoreConfig(Builder b) {
        this.jdbcUrl = b.jdbcUrl;
        this.user = Optional.ofNullable(b.user);
        this.password = b.password == null ? null : b.password.clone();
        this.poolSize = b.poolSize;
        this.connectionTimeout = b.connectionTimeout;
        this.maxRetries = b.maxRetries;
        this.poolName = b.poolName;
        this.serializable = b.serializable;
    }

    /** Starts a configuration for {@code jdbcUrl} ({@code jdbc:postgresql:...} or {@code jdbc:h2:...}). */
    public static Builder builder(String jdbcUrl) {
        return new Builder(jdbcUrl);
    }

    /**
     * The zero-setup default: an H2 database file {@code damm.mv.db} inside {@code dataDir}, in
     * PostgreSQL compatibility mode.
     */
    public static Builder h2File(Path dataDir) {
        Require.nonNull("dataDir", dataDir);
        String base = dataDir.toAbsolutePath().normalize().resolve("damm").toString().replace('\\', '/');
        if (base.indexOf(';') >= 0) {
            throw DammException.invalid("dataDir", "must not contain ';'");
        }
        // One connection: see JdbcStore.poolSize for what H2 did after a kill with several.
        return new Builder("jdbc:h2:file:" + base + H2_SETTINGS).user("sa").poolSize(1);
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public Optional<String> user() {
        return user;
    }

    /** A copy of the password, or empty; the caller should clear it after use. */
    Optional<char[]> password() {
        return Optional.ofNullable(password).map(char[]::clone);
    }

    public int poolSize() {
        return poolSize;
    }

    public Duration connectionTimeout() {
        return connectionTimeout;
    }

    /** How many times a transaction is re-run after a serialization failure or deadlock. */
    public int maxRetries() {
        return maxRetries;
    }

    public String poolName() {
        return poolName;
    }

    /** True when transactions run at SERIALIZABLE instead of READ COMMITTED. */
    public boolean serializable() {
        return serializable;
    }

    @Override
    public String toString() {
        return "JdbcStoreConfig[" + redactedUrl() + ", user " + user.orElse("-") + ", password "
                + (password == null ? "none" : "[redacted]") + ", pool " + poolSize + ", timeout " + connectionTimeout
                + (serializable ? ", serializable" : "") + "]";
    }

    /** The URL without its query part, where drivers accept credentials. */
    String redactedUrl() {
        int q = jdbcUrl.indexOf('?');
        String head = q < 0 ? jdbcUrl : jdbcUrl.substring(0, q) + "?...";
        return head.toLowerCase(Locale.ROOT).contains("password") ? "jdbc:[redacted]" : head;
    }

    /** Builds a {@link JdbcStoreConfig}; validation happens in {@link #build()}. */
    public static final class Builder {
        private final String jdbcUrl;
        private String user;
        private char[] password;
        private int poolSize = 10;
        private Duration connectionTimeout = Duration.ofSeconds(10);
        private int maxRetries = 10;
        private String poolName = "damm-store";
        private boolean serializable;

        private Builder(String jdbcUrl) {
            this.jdbcUrl = jdbcUrl;
        }

        public Builder user(String v) {
            this.user = v;
            return this;
        }

        /** Copies {@code v}; the caller may clear its array afterwards. */
        public Builder password(char[] v) {
            this.password = v == null ? null : v.clone();
            return this;
        }

        public Builder poolSize(int v) {
            this.poolSize = v;
            return this;
        }

        public Builder connectionTimeout(Duration v) {
            this.connectionTimeout = v;
            return this;
        }

        public Builder maxRetries(int v) {
            this.maxRetries = v;
            return this;
        }

        /** Names the connection pool in logs and metrics (distinct names help when several stores run). */
        public Builder poolName(String v) {
            this.poolName = v;
            return this;
        }

        /**
         * Runs transactions at SERIALIZABLE. The default, READ COMMITTED, already enforces every
         * uniqueness and single-use rule and protects read-modify-write of one row; SERIALIZABLE
         * also rules out write skew across rows (e.g. two enrollments that each count a tier's
         * devices below its limit and both insert), at the price of more re-runs under
         * contention. See docs/store.md.
         */
        public Builder serializable(boolean v) {
            this.serializable = v;
            return this;
        }

        public JdbcStoreConfig build() {
            Require.text("jdbcUrl", jdbcUrl, 2048);
            if (!jdbcUrl.startsWith("jdbc:postgresql:") && !jdbcUrl.startsWith("jdbc:h2:")) {
                throw DammException.invalid("jdbcUrl", "must start with jdbc:postgresql: or jdbc:h2:");
            }
            Require.optionalText("user", user, 128);
            if (password != null && password.length > 1024) {
                throw DammException.invalid("password", "must be at most 1024 characters");
            }
            Require.range("poolSize", poolSize, 1, 500);
            Require.nonNull("connectionTimeout", connectionTimeout);
            if (connectionTimeout.compareTo(Duration.ofMillis(250)) < 0 || connectionTimeout.compareTo(Duration.ofMinutes(10)) > 0) {
                throw DammException.invalid("connectionTimeout", "must be between 250 ms and 10 minutes, was " + connectionTimeout);
            }
            Require.range("maxRetries", maxRetries, 0, 100);
            Require.matches("poolName", poolName, java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,64}"), 64, "1-64 characters of [A-Za-z0-9._-]");
            return new JdbcStoreConfig(this);
        }

        @Override
        public String toString() {
            return "JdbcStoreConfig.Builder[password " + (password == null ? "none" : "[redacted]") + "]";
        }
    }

    /** Overwrites a password copy obtained from {@link #password()}. */
    static void clear(char[] secret) {
        Arrays.fill(secret, '\0');
    }
}
