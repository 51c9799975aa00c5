package dev.damm.store.jdbc;

import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;
import java.util.Locale;

/**
 * The two databases the store runs on. The SQL is shared; what differs is where a concurrent
 * claim on an address is reserved (PostgreSQL advisory locks across servers, a map in this
 * process for H2), whether a failed statement aborts the whole transaction (PostgreSQL), and the
 * extra migrations each gets.
 */
enum Dialect {
    POSTGRESQL("postgresql"),
    H2("h2");

    private final String migrationFolder;

    Dialect(String migrationFolder) {
        this.migrationFolder = migrationFolder;
    }

    /** Flyway locations: the shared migrations plus this database's own. */
    String[] migrationLocations() {
        return new String[] {"classpath:db/migration", "classpath:db/vendor/" + migrationFolder};
    }

    static Dialect fromProductName(String productName) {
        String p = productName == null ? "" : productName.toLowerCase(Locale.ROOT);
        if (p.contains("postgresql")) {
            return POSTGRESQL;
        }
        if (p.equals("h2")) {
            return H2;
        }
        throw new DammException(ErrorCode.CONFIGURATION_ERROR, "jdbcUrl: unsupported database '" + productName + "', use PostgreSQL or H2");
    }
}
