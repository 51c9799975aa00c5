package dev.damm.provider.archfixture;

import dev.damm.core.json.DammJson;

/** Fixture: a provider class that reaches into damm-core, which the rules forbid. */
public class CoreUsingAdapter {
    public byte[] render(Object o) {
        return DammJson.write(o);
    }
}
