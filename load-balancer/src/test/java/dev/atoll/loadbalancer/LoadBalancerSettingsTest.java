package dev.atoll.loadbalancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.typesafe.config.ConfigFactory;
import dev.atoll.framework.AtollConfigException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Routers declared in HOCON: what is accepted, and the exact errors for what is not. */
class LoadBalancerSettingsTest {

  private static LoadBalancerSettings parse(String hocon) {
    return LoadBalancerSettings.fromConfig(
        ConfigFactory.parseString(hocon).withFallback(ConfigFactory.defaultReference()).resolve());
  }

  private static String errorOf(String hocon) {
    try {
      parse(hocon);
    } catch (AtollConfigException e) {
      return e.getMessage();
    }
    throw new AssertionError("expected an AtollConfigException for: " + hocon);
  }

  @Test
  void declaresNoRouterByDefault() {
    assertThat(parse("").routers()).isEmpty();
  }

  @Test
  void readsAGroupRouterWithTheDefaultsOfItsOptionalKeys() {
    RouterSettings jobs = parse("atoll.load-balancer.routers.jobs { strategy = round-robin, service = \"jobs\" }")
        .router("jobs").orElseThrow();
    assertThat(jobs.strategy()).isEqualTo(Strategy.ROUND_ROBIN);
    assertThat(jobs.service()).contains("jobs");
    assertThat(jobs.isPool()).isFalse();
    assertThat(jobs.replyTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(jobs.virtualNodes()).isEqualTo(100);
    assertThat(jobs.seed()).isEmpty();
    assertThat(jobs.weights()).isEqualTo(WeightSettings.uniform());
  }

  @Test
  void readsAPoolRouterWhoseOwnKeysOverrideTheDefaults() {
    RouterSettings render = parse("""
        atoll.load-balancer.routers.render {
          strategy = weighted, pool-size = 3, reply-timeout = 750ms, seed = 7
          weighted { default-weight = 2, by-role { gpu = 5 }, by-address { "10.0.0.1:2551" = 0 } }
        }""").router("render").orElseThrow();
    assertThat(render.poolSize()).hasValue(3);
    assertThat(render.replyTimeout()).isEqualTo(Duration.ofMillis(750));
    assertThat(render.seed()).hasValue(7);
    assertThat(render.weights()).isEqualTo(new WeightSettings(2, Map.of("gpu", 5), Map.of("10.0.0.1:2551", 0)));
  }

  @Test
  void rejectsAnUnknownStrategyNamingItsPathAndTheAllowedValues() {
    assertThat(errorOf("atoll.load-balancer.routers.jobs { strategy = round-robbin, service = jobs }"))
        .contains("atoll.load-balancer.routers.jobs.strategy = \"round-robbin\"")
        .contains(": unknown strategy; allowed: round-robin | random | consistent-hash | least-outstanding | weighted");
  }

  @Test
  void rejectsARouterWithoutStrategy() {
    assertThat(errorOf("atoll.load-balancer.routers.jobs { service = jobs }"))
        .isEqualTo("Invalid Atoll configuration: atoll.load-balancer.routers.jobs.strategy is missing: set one of "
            + "round-robin | random | consistent-hash | least-outstanding | weighted");
  }

  @Test
  void rejectsARouterWithNeitherServiceNorPoolSize() {
    assertThat(errorOf("atoll.load-balancer.routers.jobs { strategy = random }"))
        .isEqualTo("Invalid Atoll configuration: atoll.load-balancer.routers.jobs.service is missing: set service = "
            + "\"<receptionist service id>\" for a group router, or pool-size = <n> for a pool router");
  }

  @Test
  void rejectsARouterWithBothServiceAndPoolSize() {
    assertThat(errorOf("atoll.load-balancer.routers.jobs { strategy = random, service = jobs, pool-size = 2 }"))
        .isEqualTo("Invalid Atoll configuration: atoll.load-balancer.routers.jobs: set either service (a group router) "
            + "or pool-size (a pool router), not both");
  }

  @Test
  void rejectsAMisspelledKeyRatherThanIgnoringIt() {
    assertThat(errorOf("atoll.load-balancer.routers.jobs { strategy = random, pool-szie = 2, pool-size = 2 }"))
        .contains("atoll.load-balancer.routers.jobs.pool-szie = 2")
        .contains(": unknown key; allowed: pool-size, reply-timeout, seed, service, strategy, virtual-nodes, weighted");
  }

  @Test
  void rejectsValuesOutOfRangeWithTheirPaths() {
    String error = errorOf("""
        atoll.load-balancer.routers.jobs {
          strategy = weighted, pool-size = 0, reply-timeout = 0s, virtual-nodes = -1, seed = lots
          weighted.by-role { gpu = -2 }
          weighted.by-address { nohost = 1 }
        }""");
    assertThat(error)
        .startsWith("Invalid Atoll configuration (6 problems):")
        .contains("atoll.load-balancer.routers.jobs.pool-size = 0 (String: 2): must be > 0 (and at most 10000)")
        .contains("atoll.load-balancer.routers.jobs.reply-timeout = \"0s\"")
        .contains("must be a positive duration such as 500ms or 2s")
        .contains("atoll.load-balancer.routers.jobs.virtual-nodes = -1 (String: 2): must be > 0 (and at most 10000)")
        .contains("atoll.load-balancer.routers.jobs.seed = \"lots\" (String: 2): must be off or an integer")
        .contains("atoll.load-balancer.routers.jobs.weighted.by-role.gpu = -2 (String: 3): must be between 0 and 1000")
        .contains("atoll.load-balancer.routers.jobs.weighted.by-address.nohost")
        .contains("keys must be \"host:port\" of a member");
  }

  @Test
  void rejectsRoutersThatAreNotAnObject() {
    assertThat(errorOf("atoll.load-balancer.routers = [jobs]"))
        .isEqualTo("Invalid Atoll configuration: atoll.load-balancer.routers = [\"jobs\"] (String: 1): must be an "
            + "object { <name> { strategy = ..., service = ... } }");
  }

  @Test
  void listsTheProblemsOfEveryRouterAtOnce() {
    AtollConfigException error = catchThrowableOfType(AtollConfigException.class, () -> parse("""
        atoll.load-balancer.routers {
          a { strategy = fastest, service = a }
          b { service = b }
          "c.d" { strategy = random, service = c }
        }"""));
    assertThat(error.problems()).hasSize(3);
    assertThat(error.problems())
        .contains("atoll.load-balancer.routers.\"c.d\": router names may hold letters, digits, '-' and '_' only "
            + "(they name an actor)");
    assertThat(error.getMessage())
        .contains("atoll.load-balancer.routers.a.strategy = \"fastest\"")
        .contains("atoll.load-balancer.routers.b.strategy is missing");
  }

  @Test
  void acceptsAStrategyClassNamedByItsFullyQualifiedName() {
    RouterSettings classy = parse(
        "atoll.load-balancer.routers.classy { strategy = \"dev.atoll.loadbalancer.plugin.LastRouteeStrategy\", service = c }")
        .router("classy").orElseThrow();
    assertThat(classy.strategy()).isEqualTo(Strategy.CUSTOM);
    assertThat(classy.strategyClass()).contains("dev.atoll.loadbalancer.plugin.LastRouteeStrategy");
    assertThat(classy.describeStrategy()).isEqualTo("dev.atoll.loadbalancer.plugin.LastRouteeStrategy");
  }

  @Test
  void rejectsAStrategyClassThatIsNotOnTheClassPathNamingItsPath() {
    assertThat(errorOf("atoll.load-balancer.routers.jobs { strategy = com.example.Fastest, service = jobs }"))
        .contains("atoll.load-balancer.routers.jobs.strategy = \"com.example.Fastest\" (String: 1): "
            + "no class com.example.Fastest on the class path")
        .contains("a strategy is one of the built-in names or the fully-qualified name of a class implementing "
            + "dev.atoll.loadbalancer.spi.RoutingStrategy");
  }

  @Test
  void rejectsAStrategyClassThatIsNotARoutingStrategy() {
    assertThat(errorOf(
            "atoll.load-balancer.routers.jobs { strategy = dev.atoll.loadbalancer.plugin.NotAStrategy, service = jobs }"))
        .isEqualTo("Invalid Atoll configuration: atoll.load-balancer.routers.jobs.strategy = "
            + "\"dev.atoll.loadbalancer.plugin.NotAStrategy\" (String: 1): class dev.atoll.loadbalancer.plugin.NotAStrategy "
            + "does not implement dev.atoll.loadbalancer.spi.RoutingStrategy");
  }

  @Test
  void rejectsAStrategyClassTheRouterCannotConstruct() {
    assertThat(errorOf("atoll.load-balancer.routers.jobs { strategy = "
            + "dev.atoll.loadbalancer.plugin.StrategyWithoutUsableConstructor, pool-size = 2 }"))
        .contains("atoll.load-balancer.routers.jobs.strategy = ")
        .contains("class dev.atoll.loadbalancer.plugin.StrategyWithoutUsableConstructor needs a public constructor "
            + "taking no arguments or a dev.atoll.loadbalancer.RouterSettings");
  }

  @Test
  void doesNotTakeCustomAsAStrategyName() {
    assertThat(errorOf("atoll.load-balancer.routers.jobs { strategy = custom, service = jobs }"))
        .contains("atoll.load-balancer.routers.jobs.strategy = \"custom\"")
        .contains("unknown strategy; allowed: round-robin | random | consistent-hash | least-outstanding | weighted, "
            + "or the fully-qualified name of a class implementing dev.atoll.loadbalancer.spi.RoutingStrategy");
  }
}
