package dev.damm.spi.wireguard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Locale;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class WireGuardConfigPropertyTest {

    @Provide
    Arbitrary<WireGuardConfig> configs() {
        return WireGuardArbitraries.configs();
    }

    @Property(tries = 300)
    void parsingARenderedConfigGivesItBack(@ForAll("configs") WireGuardConfig config) {
        String text = config.render();
        WireGuardConfig parsed = WireGuardConfig.parse(text);
        assertEquals(config, parsed, text);
        assertEquals(config.hashCode(), parsed.hashCode());
        assertEquals(text, parsed.render());
    }

    @Property(tries = 100)
    void keysAndSectionsAreReadInAnyLetterCase(@ForAll("configs") WireGuardConfig config) {
        StringBuilder mangled = new StringBuilder();
        for (String line : config.render().split("\n")) {
            int eq = line.indexOf(" = ");
            if (line.isEmpty()) {
                mangled.append("# a comment line");
            } else if (line.startsWith("[")) {
                mangled.append(line.toUpperCase(Locale.ROOT));
            } else {
                mangled.append("  ").append(line.substring(0, eq).toLowerCase(Locale.ROOT)).append("\t=")
                        .append(line.substring(eq + 2)).append("   # comment");
            }
            mangled.append("\r\n\r\n");
        }
        assertEquals(config, WireGuardConfig.parse(mangled.toString()));
    }

    @Property(tries = 100)
    void toStringNeverContainsKeyMaterial(@ForAll("configs") WireGuardConfig config) {
        String shown = config.toString();
        String s = shown;
        // Public keys are shown on purpose; a generated secret may happen to equal one.
        for (WireGuardPeer p : config.peers()) {
            s = s.replace(p.publicKey().base64(), "");
        }
        assertFalse(shown.isEmpty());
        String t = s;
        config.privateKey().ifPresent(k -> assertFalse(t.contains(k.base64()), shown));
        for (WireGuardPeer p : config.peers()) {
            p.presharedKey().ifPresent(k -> assertFalse(t.contains(k.base64()), shown));
        }
    }
}
