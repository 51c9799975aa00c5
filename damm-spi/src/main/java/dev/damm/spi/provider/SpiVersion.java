package dev.damm.spi.provider;

import dev.damm.spi.DammException;
import dev.damm.spi.Require;

/**
 * The version of the provider SPI a plug-in was written against.
 *
 * <p>A change of {@link #major()} breaks plug-ins, so the registry refuses a plug-in whose major
 * differs from {@link #CURRENT}. Minor versions only add (new default methods, new optional
 * values); a plug-in built for an older minor keeps working.
 */
public record SpiVersion(int major, int minor) implements Comparable<SpiVersion> {
    /** The version this copy of the SPI implements. */
    public static final SpiVersion CURRENT = new SpiVersion(1, 0);

    public SpiVersion {
        Require.range("spiVersion.major", major, 0, 999);
        Require.range("spiVersion.minor", minor, 0, 999);
    }

    /** Parses {@code major.minor}, e.g. {@code "1.0"}. */
    public static SpiVersion parse(String text) {
        Require.text("spiVersion", text, 7);
        String s = text.strip();
        if (!s.matches("\\d{1,3}\\.\\d{1,3}")) {
            throw DammException.invalid("spiVersion", "must look like major.minor, was '" + Require.printable(s) + "'");
        }
        int dot = s.indexOf('.');
        return new SpiVersion(Integer.parseInt(s.substring(0, dot)), Integer.parseInt(s.substring(dot + 1)));
    }

    /** True when a plug-in declaring this version can run on an SPI of version {@code runtime}. */
    public boolean runsOn(SpiVersion runtime) {
        return major == runtime.major;
    }

    @Override
    public int compareTo(SpiVersion o) {
        return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
