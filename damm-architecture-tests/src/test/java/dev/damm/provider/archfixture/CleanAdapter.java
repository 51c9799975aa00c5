package dev.damm.provider.archfixture;

import dev.damm.spi.DammException;
import dev.damm.spi.ErrorCode;

/** Fixture: a provider class that depends only on the SPI and its own package. */
public class CleanAdapter {
    public DammException fail() {
        return new DammException(ErrorCode.PROVIDER_UNAVAILABLE, "fixture: " + new Helper());
    }

    static class Helper {}
}
