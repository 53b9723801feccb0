package dev.atoll.samples.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.atoll.framework.fixture.FrameworkClassThatUsesTheLauncher;
import dev.atoll.framework.spi.SpiThatUsesInternals;
import dev.atoll.loadbalancer.fixture.RouterThatUsesFrameworkInternals;
import dev.atoll.samples.launcher.AtollLauncher;
import org.junit.jupiter.api.Test;

/** Holds every module to ARCHITECTURE.md's dependency direction and keeps internals private. */
class ArchitectureTest {

  /** Production classes of every module (this module depends on all of them). */
  private static final JavaClasses PRODUCTION =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.atoll");

  @Test
  void everyModuleIsOnTheClassPathOfThisCheck() {
    assertThat(PRODUCTION.stream().map(c -> c.getPackageName()))
        .anyMatch(p -> p.startsWith("dev.atoll.framework"))
        .anyMatch(p -> p.startsWith("dev.atoll.samples"));
  }

  @Test
  void moduleDependenciesPointOneWayOnly() {
    AtollArchitecture.MODULE_DEPENDENCIES.check(PRODUCTION);
  }

  @Test
  void noModuleUsesAnotherModulesInternals() {
    AtollArchitecture.INTERNALS_STAY_PRIVATE.check(PRODUCTION);
  }

  @Test
  void noSpiExposesItsModulesInternals() {
    AtollArchitecture.SPI_FREE_OF_INTERNALS.check(PRODUCTION);
  }

  @Test
  void theSpiRuleCatchesAnSpiUsingItsModulesInternals() {
    JavaClasses offender = new ClassFileImporter().importClasses(SpiThatUsesInternals.class);
    EvaluationResult result = AtollArchitecture.SPI_FREE_OF_INTERNALS.evaluate(offender);
    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().toString()).contains("SpiThatUsesInternals");
  }

  @Test
  void theDependencyRuleCatchesTheFrameworkDependingOnTheLauncher() {
    // Layer rules are checked on the accessed side, so both classes must be imported.
    JavaClasses offender =
        new ClassFileImporter().importClasses(FrameworkClassThatUsesTheLauncher.class, AtollLauncher.class);
    EvaluationResult result = AtollArchitecture.MODULE_DEPENDENCIES.evaluate(offender);
    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().toString()).contains("FrameworkClassThatUsesTheLauncher");
  }

  @Test
  void theInternalsRuleCatchesAModuleImportingFrameworkInternals() {
    JavaClasses offender = new ClassFileImporter().importClasses(RouterThatUsesFrameworkInternals.class);
    EvaluationResult result = AtollArchitecture.INTERNALS_STAY_PRIVATE.evaluate(offender);
    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().toString()).contains("dev.atoll.framework.internal.MurmurHash3");
  }
}
