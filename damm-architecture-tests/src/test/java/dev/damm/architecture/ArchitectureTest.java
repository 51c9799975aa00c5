package dev.damm.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Checks DAMM's jars against the house rules: one root package per jar, plug-ins see only the SPI, nothing outside the core uses its internals. */
class ArchitectureTest {
    private static JavaClasses all;

    @BeforeAll
    static void importClasses() {
        all = DammRules.allProductionClasses();
    }

    @Test
    void importsTheDammJarsUnderTest() {
        // Guards every rule below against passing on an empty import.
        assertTrue(all.containPackage("dev.damm.spi"), "damm-spi classes found");
        assertTrue(all.containPackage("dev.damm.core.json"), "damm-core classes found");
    }

    @Test
    void providersSeeOnlyTheSpiAndTheirOwnPackage() {
        DammRules.pluginsSeeOnlyTheSpi("dev.damm.provider").check(all);
    }

    @Test
    void transportsSeeOnlyTheSpiAndTheirOwnPackage() {
        DammRules.pluginsSeeOnlyTheSpi("dev.damm.transport").check(all);
    }

    @Test
    void coreUsesNoDiContainerHttpServerOrJdbc() {
        DammRules.coreHasNoFrameworks().check(all);
    }

    @Test
    void nothingOutsideTheCoreUsesItsInternals() {
        assertTrue(all.containPackage("dev.damm.store.jdbc") && all.containPackage("dev.damm.server.keys"),
                "the store and the server are among the classes checked");
        DammRules.nothingOutsideCoreUsesCoreInternals().check(all);
    }

    @Test
    void spiDependsOnTheJdkOnly() {
        DammRules.spiNeedsOnlyTheJdk().check(all);
    }

    @Test
    void noTypeIsNamedProviderOrModule() {
        DammRules.noProviderOrModuleNames().check(all);
    }

    @Test
    void spiClassesLiveUnderDevDammSpi() {
        DammRules.liveUnder("dev.damm.spi", false).check(DammRules.moduleClasses("damm-spi"));
    }

    @Test
    void coreClassesLiveUnderDevDammCore() {
        DammRules.liveUnder("dev.damm.core", false).check(DammRules.moduleClasses("damm-core"));
    }

    @Test
    void staticProviderClassesLiveUnderOneProviderRoot() {
        // The module may hold no classes yet; its package name is its author's choice within dev.damm.provider.
        JavaClasses staticProvider = DammRules.moduleClasses("damm-provider-static");
        DammRules.liveUnder("dev.damm.provider", true).check(staticProvider);
        classes().should(DammRules.shareOneRootIn("dev.damm.provider", new String[1])).allowEmptyShould(true).check(staticProvider);
    }

    @Test
    void noPackageIsSplitAcrossJars() {
        Map<String, Set<String>> origins = new TreeMap<>();
        for (JavaClass c : all) {
            origins.computeIfAbsent(c.getPackageName(), p -> new TreeSet<>()).add(origin(c));
        }
        Map<String, Set<String>> split = origins.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertEquals(Map.of(), split, "packages found in more than one jar");
        assertFalse(origins.isEmpty());
    }

    /** The jar or classes directory a class was loaded from. */
    static String origin(JavaClass c) {
        URI uri = c.getSource().orElseThrow(() -> new AssertionError("no source for " + c.getName())).getUri();
        String s = uri.toString();
        int bang = s.indexOf("!/");
        if (bang >= 0) {
            return s.substring(0, bang);
        }
        String relative = c.getName().replace('.', '/') + ".class";
        return s.endsWith(relative) ? s.substring(0, s.length() - relative.length()) : s;
    }
}
