package dev.prodaudit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import com.tngtech.archunit.library.dependencies.SliceRule;
import org.junit.jupiter.api.Test;

/**
 * The package graph of the main code: no cycles between the top-level packages and the probe families, and
 * nothing outside {@code cli} depends on it (cli is a front end; the run is a library the front ends call).
 */
final class ArchitectureTest {

    private static final String ROOT = "dev.prodaudit";

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    @Test
    void topLevelPackagesAndProbeFamiliesFormNoCycle() {
        packageCycles(ROOT).check(MAIN);
    }

    /**
     * {@code input} is the bottom of the graph: strict reading of what users write (bounded files, YAML with
     * locations, typed binding, durations, patterns, printable text). Everything may use it; it uses nothing of
     * the project, which is what keeps catalog -> probe -> config -> input free of a way back.
     */
    @Test
    void inputDependsOnNothingElseOfTheProject() {
        noClasses().that().resideInAPackage(ROOT + ".input")
                .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".audit..", ROOT + ".catalog..", ROOT + ".cli..",
                        ROOT + ".config..", ROOT + ".engine..", ROOT + ".policy..", ROOT + ".probe..", ROOT + ".report..")
                .check(MAIN);
    }

    @Test
    void nothingOutsideCliDependsOnCli() {
        ArchRule rule = noClasses().that().resideOutsideOfPackage(ROOT + ".cli..")
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".cli..")
                .because("cli only parses options and prints; the engine, probes and reporters serve any front end");
        rule.check(MAIN);
    }

    @Test
    void theCycleRuleReportsACycleBetweenTwoPackages() {
        String fixture = ROOT + ".testing.cycle";
        JavaClasses cyclic = new ClassFileImporter().importPackages(fixture);

        var result = packageCycles(fixture).evaluate(cyclic);

        assertTrue(result.hasViolation(), "orders <-> billing is a cycle");
        String report = result.getFailureReport().toString();
        assertTrue(report.contains("orders") && report.contains("billing"), report);
    }

    /**
     * Slices: each package right under {@code root}, except that each probe family ({@code probe.redis},
     * {@code probe.git}, ...) is a slice of its own, apart from the SPI in {@code probe}.
     */
    static SliceRule packageCycles(String root) {
        return slices().assignedFrom(new TopLevelAndProbeFamilies(root)).should().beFreeOfCycles();
    }

    private record TopLevelAndProbeFamilies(String root) implements SliceAssignment {

        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String pkg = javaClass.getPackageName();
            if (!pkg.startsWith(root + ".")) {
                return SliceIdentifier.ignore();
            }
            String[] parts = pkg.substring(root.length() + 1).split("\\.");
            if (parts[0].equals("probe") && parts.length > 1) {
                return SliceIdentifier.of("probe." + parts[1]);
            }
            return SliceIdentifier.of(parts[0]);
        }

        @Override
        public String getDescription() {
            return "packages under " + root + " (probe families apart)";
        }
    }
}
