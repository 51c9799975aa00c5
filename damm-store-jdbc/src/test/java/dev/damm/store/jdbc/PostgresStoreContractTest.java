package dev.damm.store.jdbc;

import dev.damm.core.store.DammStore;
import dev.damm.core.store.DammStoreContract;
import org.junit.jupiter.api.BeforeAll;

/** The store contract against a real PostgreSQL started inside the test run. */
class PostgresStoreContractTest extends DammStoreContract {
    private static String url;

    @BeforeAll
    static void createDatabase() {
        url = SharedPostgres.newDatabase("contract");
    }

    @Override
    protected DammStore newStore() {
        JdbcStore store = JdbcStore.open(SharedPostgres.config(url).build());
        StoreTables.empty(store);
        return store;
    }
}
