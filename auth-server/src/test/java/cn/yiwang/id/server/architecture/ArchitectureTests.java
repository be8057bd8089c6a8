package cn.yiwang.id.server.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.server.architecture.fixture.app.App;
import cn.yiwang.id.server.architecture.fixture.app.AppUsingModuleState;
import cn.yiwang.id.server.architecture.fixture.cycle.one.One;
import cn.yiwang.id.server.architecture.fixture.cycle.two.Two;
import cn.yiwang.id.server.architecture.fixture.module.ModuleUsingApp;
import cn.yiwang.id.server.architecture.fixture.module.state.ModuleRepository;
import cn.yiwang.id.server.architecture.fixture.module.state.ModuleState;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The module boundaries of docs/architecture.md, on the compiled classes of every module: nothing depends on the
 * auth-server, the kit on no module of ours, no package cycle inside a module, and the auth-server reaches
 * federation's state (its repositories, its Redis keys) only through federation's services. Each rule is also run
 * on a small fixture that breaks it, so a rule that could never fail would show.
 */
class ArchitectureTests {

    private static final String AUTH_SERVER = "cn.yiwang.id.server";

    private static final String FEDERATION = "cn.yiwang.id.federation";

    private static final List<String> MODULES =
            List.of("cn.yiwang.id.kit", "cn.yiwang.id.account", "cn.yiwang.id.saml", FEDERATION, AUTH_SERVER);

    private static final String FIXTURE = "cn.yiwang.id.server.architecture.fixture";

    private static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption((location) -> !location.contains("-tests.jar"))
            .importPackages("cn.yiwang.id");

    private static final JavaClasses FIXTURES = new ClassFileImporter()
            .importClasses(
                    App.class,
                    AppUsingModuleState.class,
                    ModuleUsingApp.class,
                    ModuleRepository.class,
                    ModuleState.class,
                    One.class,
                    Two.class);

    @Test
    void importWhenAllModulesOnTheClasspathThenEachHasClasses() {
        for (String module : MODULES) {
            assertThat(PRODUCTION.stream().anyMatch((c) -> c.getPackageName().startsWith(module)))
                    .as(module)
                    .isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cn.yiwang.id.kit", "cn.yiwang.id.account", "cn.yiwang.id.saml", FEDERATION})
    void modulesWhenCompiledThenNoneDependsOnTheAuthServer(String module) {
        mustNotDependOn(module, AUTH_SERVER).check(PRODUCTION);
    }

    @Test
    void kitWhenCompiledThenDependsOnNoOtherModule() {
        noClasses()
                .that()
                .resideInAPackage("cn.yiwang.id.kit..")
                .should()
                .dependOnClassesThat(DescribedPredicate.describe(
                        "are in another module of ours",
                        (JavaClass target) -> target.getPackageName().startsWith("cn.yiwang.id.")
                                && !target.getPackageName().startsWith("cn.yiwang.id.kit")))
                .check(PRODUCTION);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cn.yiwang.id.kit", "cn.yiwang.id.account", "cn.yiwang.id.saml", FEDERATION, AUTH_SERVER})
    void packagesWhenCompiledThenNoCycleInsideAModule(String module) {
        noCycles(module).check(PRODUCTION);
    }

    @Test
    void authServerWhenCompiledThenReachesFederationStateOnlyThroughItsServices() {
        mustNotTouchStateOf(AUTH_SERVER, FEDERATION).check(PRODUCTION);
    }

    @Test
    void rulesWhenFixtureBreaksThemThenViolationsReported() {
        assertThat(mustNotDependOn(FIXTURE + ".module", FIXTURE + ".app")
                        .evaluate(FIXTURES)
                        .hasViolation())
                .isTrue();
        assertThat(noCycles(FIXTURE + ".cycle").evaluate(FIXTURES).hasViolation())
                .isTrue();
        assertThat(mustNotTouchStateOf(FIXTURE + ".app", FIXTURE + ".module")
                        .evaluate(FIXTURES)
                        .getFailureReport()
                        .getDetails())
                .anyMatch((line) -> line.contains("ModuleRepository"))
                .anyMatch((line) -> line.contains("ModuleState"));
    }

    private static ArchRule mustNotDependOn(String module, String other) {
        return noClasses()
                .that()
                .resideInAPackage(module + "..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(other + "..");
    }

    /** Every package of the module, its root package included, is one slice. */
    private static ArchRule noCycles(String module) {
        SliceAssignment packages = new SliceAssignment() {

            @Override
            public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                String name = javaClass.getPackageName();
                return (name.equals(module) || name.startsWith(module + "."))
                        ? SliceIdentifier.of(name)
                        : SliceIdentifier.ignore();
            }

            @Override
            public String getDescription() {
                return "the packages of " + module;
            }
        };
        return SlicesRuleDefinition.slices().assignedFrom(packages).should().beFreeOfCycles();
    }

    /**
     * A module's state is what it keeps itself: its repositories, and the classes that read or write Redis or SQL
     * themselves. Another module asks the services in front of them.
     */
    private static ArchRule mustNotTouchStateOf(String module, String owner) {
        return noClasses()
                .that()
                .resideInAPackage(module + "..")
                .should()
                .dependOnClassesThat(DescribedPredicate.describe(
                        "are repositories or Redis/SQL state of " + owner,
                        (JavaClass target) -> target.getPackageName().startsWith(owner)
                                && (target.getSimpleName().endsWith("Repository") || touchesStorage(target))));
    }

    private static boolean touchesStorage(JavaClass javaClass) {
        for (Dependency dependency : javaClass.getDirectDependenciesFromSelf()) {
            String target = dependency.getTargetClass().getPackageName();
            if (target.startsWith("org.springframework.data.redis") || target.startsWith("org.springframework.jdbc")) {
                return true;
            }
        }
        return false;
    }
}
