package dev.damm.core.store;

/** The store contract against the reference implementation. */
class InMemoryStoreContractTest extends DammStoreContract {
    @Override
    protected DammStore newStore() {
        return new InMemoryStore();
    }
}
