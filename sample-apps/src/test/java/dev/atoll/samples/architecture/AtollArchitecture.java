package dev.atoll.samples.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import java.util.ArrayList;
import java.util.List;

/**
 * The architecture rules of ARCHITECTURE.md as ArchUnit rules, in one place so that the real check
 * and the test that proves the rules can fail use the same definitions.
 */
final class AtollArchitecture {

  /** Packages of the library modules (not samples, not benchmarks) that have an internal package. */
  static final List<String> MODULES = List.of("framework", "sharding", "journal", "loadbalancer", "failover");

  private AtollArchitecture() {}

  /**
   * The module dependency direction:
   * framework &lt;- cluster-sharding &lt;- failover -&gt; persistence-journal -&gt; framework,
   * framework &lt;- load-balancer, and samples and benchmarks on top of everything.
   */
  static final ArchRule MODULE_DEPENDENCIES =
      layeredArchitecture()
          .consideringOnlyDependenciesInLayers()
          .withOptionalLayers(true)
          .layer("framework").definedBy("dev.atoll.framework..")
          .layer("cluster-sharding").definedBy("dev.atoll.sharding..")
          .layer("persistence-journal").definedBy("dev.atoll.journal..")
          .layer("load-balancer").definedBy("dev.atoll.loadbalancer..")
          .layer("failover").definedBy("dev.atoll.failover..")
          .layer("sample-apps").definedBy("dev.atoll.samples..")
          .layer("benchmarks").definedBy("dev.atoll.benchmarks..")
          .whereLayer("sample-apps").mayNotBeAccessedByAnyLayer()
          .whereLayer("benchmarks").mayNotBeAccessedByAnyLayer()
          .whereLayer("failover").mayOnlyBeAccessedByLayers("sample-apps", "benchmarks")
          .whereLayer("load-balancer").mayOnlyBeAccessedByLayers("sample-apps", "benchmarks")
          .whereLayer("cluster-sharding").mayOnlyBeAccessedByLayers("failover", "sample-apps", "benchmarks")
          .whereLayer("persistence-journal").mayOnlyBeAccessedByLayers("failover", "sample-apps", "benchmarks")
          .because("ARCHITECTURE.md: dependencies point one way only");

  /** No module reaches into another module's {@code internal} package. */
  static final ArchRule INTERNALS_STAY_PRIVATE = internalsStayPrivate();

  /** A module's SPI is what plugin authors implement: it must not expose the module's internals. */
  static final ArchRule SPI_FREE_OF_INTERNALS = spiFreeOfInternals();

  private static ArchRule spiFreeOfInternals() {
    List<ArchRule> rules = new ArrayList<>();
    for (String module : MODULES) {
      rules.add(
          noClasses()
              .that().resideInAPackage("dev.atoll." + module + ".spi..")
              .should().dependOnClassesThat().resideInAPackage("dev.atoll." + module + ".internal..")
              .allowEmptyShould(true)
              .because("plugin authors implement dev.atoll." + module + ".spi; its internals may change"));
    }
    return CompositeArchRule.of(rules);
  }

  private static ArchRule internalsStayPrivate() {
    List<ArchRule> rules = new ArrayList<>();
    for (String module : MODULES) {
      String own = "dev.atoll." + module + "..";
      rules.add(
          noClasses()
              .that().resideOutsideOfPackage(own)
              .should().dependOnClassesThat().resideInAPackage("dev.atoll." + module + ".internal..")
              .allowEmptyShould(true)
              .because("dev.atoll." + module + ".internal is free to change and private to its module"));
    }
    return CompositeArchRule.of(rules);
  }
}
