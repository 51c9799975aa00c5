package dev.damm.provider.archfixture;

import dev.damm.provider.otherfixture.OtherProviderType;

/** Fixture: a provider class that uses another provider's class, which the rules forbid. */
public class SiblingUsingAdapter {
    public Object borrow() {
        return new OtherProviderType();
    }
}
