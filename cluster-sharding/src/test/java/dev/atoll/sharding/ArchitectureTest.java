package dev.atoll.sharding;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The module's place in ARCHITECTURE.md: it uses the framework's API only, and its SPI stands alone. */
class ArchitectureTest {

  private final JavaClasses classes =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.atoll.sharding");

  @Test
  void usesNoInternalPackageOfAnotherModule() {
    noClasses()
        .that()
        .resideInAPackage("dev.atoll.sharding..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.atoll.framework.internal..",
            "dev.atoll.journal..",
            "dev.atoll.failover..",
            "dev.atoll.loadbalancer..")
        .check(classes);
  }

  @Test
  void keepsTheSpiFreeOfTheModulesOwnInternals() {
    noClasses()
        .that()
        .resideInAPackage("dev.atoll.sharding.spi..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.atoll.sharding.internal..")
        .check(classes);
  }
}
