package dev.damm.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.damm.core.archfixture.EngineUser;
import dev.damm.core.internal.archfixture.Engine;
import dev.damm.provider.archfixture.CleanAdapter;
import dev.damm.provider.archfixture.CoreUsingAdapter;
import dev.damm.provider.archfixture.SiblingUsingAdapter;
import dev.damm.provider.otherfixture.OtherProviderType;
import dev.damm.server.archfixture.InternalUsingServer;
import org.junit.jupiter.api.Test;

/** Shows that the custom rules catch what they are for, on fixture classes that break them. */
class DammRulesTest {

    private static EvaluationResult evaluate(Class<?>... fixtures) {
        JavaClasses classes = new ClassFileImporter().importClasses(fixtures);
        return DammRules.pluginsSeeOnlyTheSpi("dev.damm.provider").evaluate(classes);
    }

    @Test
    void aProviderUsingOnlyTheSpiAndItsOwnPackagePasses() {
        assertFalse(evaluate(CleanAdapter.class).hasViolation());
    }

    @Test
    void aProviderUsingDammCoreFails() {
        EvaluationResult result = evaluate(CoreUsingAdapter.class);
        assertTrue(result.hasViolation());
        assertTrue(result.getFailureReport().toString().contains("dev.damm.core.json.DammJson"), result.getFailureReport().toString());
    }

    @Test
    void aProviderUsingAnotherProviderFails() {
        EvaluationResult result = evaluate(SiblingUsingAdapter.class, OtherProviderType.class);
        assertTrue(result.hasViolation());
        assertTrue(result.getFailureReport().toString().contains("OtherProviderType"), result.getFailureReport().toString());
    }

    @Test
    void aClassOutsideTheCoreUsingCoreInternalsFails() {
        JavaClasses classes = new ClassFileImporter().importClasses(InternalUsingServer.class, CoreUsingAdapter.class, Engine.class);
        EvaluationResult result = DammRules.nothingOutsideCoreUsesCoreInternals().evaluate(classes);

        assertTrue(result.hasViolation());
        String report = result.getFailureReport().toString();
        assertTrue(report.contains(InternalUsingServer.class.getName()) && report.contains(Engine.class.getName()), report);
        assertFalse(report.contains(CoreUsingAdapter.class.getName()), "public core API is not internal: " + report);
    }

    @Test
    void theCoreUsingItsOwnInternalsPasses() {
        JavaClasses classes = new ClassFileImporter().importClasses(EngineUser.class, Engine.class, CleanAdapter.class);
        assertFalse(DammRules.nothingOutsideCoreUsesCoreInternals().evaluate(classes).hasViolation());
    }

    @Test
    void findsTheRootOfAPluginPackage() {
        assertEquals("dev.damm.provider.hetzner", DammRules.ownRoot("dev.damm.provider.hetzner.api.v1", "dev.damm.provider"));
        assertEquals("dev.damm.provider.hetzner", DammRules.ownRoot("dev.damm.provider.hetzner", "dev.damm.provider"));
        assertTrue(DammRules.within("dev.damm.spi.net", "dev.damm.spi"));
        assertFalse(DammRules.within("dev.damm.spinoff", "dev.damm.spi"));
    }

    @Test
    void jarsWhoseClassesSpanTwoProviderRootsFail() {
        JavaClasses two = new ClassFileImporter().importClasses(CleanAdapter.class, OtherProviderType.class);
        assertTrue(com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes()
                .should(DammRules.shareOneRootIn("dev.damm.provider", new String[1])).evaluate(two).hasViolation());
    }
}
