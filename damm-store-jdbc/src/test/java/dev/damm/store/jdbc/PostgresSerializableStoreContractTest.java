package dev.damm.store.jdbc;

import dev.damm.core.store.DammStore;
import dev.damm.core.store.DammStoreContract;
import org.junit.jupiter.api.BeforeAll;

/** The store contract on PostgreSQL with transactions at SERIALIZABLE. */
class PostgresSerializableStoreContractTest extends DammStoreContract {
    private static String url;

    @BeforeAll
    static void createDatabase() {
        url = SharedPostgres.newDatabase("serializable");
    }

    @Override
    protected DammStore newStore() {
        JdbcStore store = JdbcStore.open(SharedPostgres.config(url).serializable(true).build());
        StoreTables.empty(store);
        return store;
    }
}
