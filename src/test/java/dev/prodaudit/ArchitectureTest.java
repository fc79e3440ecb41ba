package dev.prodaudit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import com.tngtech.archunit.library.dependencies.SliceRule;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
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

    /**
     * TEMPORARY, the one cycle left (config -> catalog -> probe -> config, and its variants through catalog ->
     * config and catalog -> probe.all): {@code config} reads audit.yaml and env files with the strict-YAML machinery
     * that lives in {@code catalog} (YamlDocument, Binder, BoundedReader, InputException) and parses
     * {@code requireAttested} with {@link dev.prodaudit.catalog.Severity}, while catalog binds specs through
     * {@code probe} and probe's context carries config's Env and Targets. Breaking it means moving that machinery
     * (InputException alone is used in some 30 files) under config or into a package of its own, after the
     * issue-10 branches that move the run and the target table have merged. Delete an entry the moment its
     * dependency is gone: {@link #everyToleratedCycleEdgeStillExists} fails until it is deleted.
     */
    private static final List<String> CONFIG_USES_OF_CATALOG = List.of(
            ROOT + ".catalog.YamlDocument",
            ROOT + ".catalog.Binder",
            ROOT + ".catalog.BoundedReader",
            ROOT + ".catalog.InputException",
            ROOT + ".catalog.Severity");

    @Test
    void topLevelPackagesAndProbeFamiliesFormNoCycle() {
        packageCycles(ROOT)
                .ignoreDependency(
                        JavaClass.Predicates.resideInAPackage(ROOT + ".config"),
                        DescribedPredicate.describe("catalog's YAML machinery (temporary)",
                                target -> CONFIG_USES_OF_CATALOG.contains(topLevelName(target))))
                .check(MAIN);
    }

    @Test
    void everyToleratedCycleEdgeStillExists() {
        Set<String> used = MAIN.stream()
                .filter(c -> c.getPackageName().equals(ROOT + ".config"))
                .flatMap(c -> c.getDirectDependenciesFromSelf().stream())
                .map(Dependency::getTargetClass)
                .map(ArchitectureTest::topLevelName)
                .collect(Collectors.toCollection(TreeSet::new));
        for (String tolerated : CONFIG_USES_OF_CATALOG) {
            assertTrue(used.contains(tolerated), "config no longer depends on " + tolerated
                    + ": delete it from ArchitectureTest.CONFIG_USES_OF_CATALOG so the cycle rule guards it again");
        }
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

    /** A nested class's dependencies count as its enclosing class's. */
    private static String topLevelName(JavaClass javaClass) {
        String name = javaClass.getName();
        int nested = name.indexOf('$');
        return nested < 0 ? name : name.substring(0, nested);
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
