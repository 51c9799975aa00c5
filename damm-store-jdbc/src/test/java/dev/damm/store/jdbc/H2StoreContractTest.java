package dev.damm.store.jdbc;

import dev.damm.core.store.DammStore;
import dev.damm.core.store.DammStoreContract;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The store contract against an H2 database file, the reference server's default. */
class H2StoreContractTest extends DammStoreContract {
    @TempDir
    static Path dataDir;
    /** Keeps the database open between tests: H2 closes (and compacts) a file when its last connection goes. */
    private static Connection keepOpen;

    @BeforeAll
    static void openDatabase() throws SQLException {
        keepOpen = DriverManager.getConnection(JdbcStoreConfig.h2File(dataDir).build().jdbcUrl(), "sa", "");
    }

    @AfterAll
    static void closeDatabase() throws SQLException {
        keepOpen.close();
    }

    @Override
    protected DammStore newStore() {
        JdbcStore store = JdbcStore.h2File(dataDir);
        StoreTables.empty(store);
        return store;
    }
}
