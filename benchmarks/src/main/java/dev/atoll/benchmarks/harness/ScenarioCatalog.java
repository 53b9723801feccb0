package dev.atoll.benchmarks.harness;

import dev.atoll.benchmarks.failover.FailoverScenario;
import dev.atoll.benchmarks.framework.PlacementLookupScenario;
import dev.atoll.benchmarks.journal.JournalThroughputScenario;
import dev.atoll.benchmarks.loadbalancer.RouterThroughputScenario;
import dev.atoll.benchmarks.loadbalancer.SlowRouteeScenario;
import dev.atoll.benchmarks.sharding.ShardMovementScenario;
import dev.atoll.benchmarks.sharding.ShardedThroughputScenario;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Every scenario {@code atoll-bench} knows, by name, in the order {@code all} runs them. */
public final class ScenarioCatalog {

  private static final Map<String, Supplier<Scenario>> SCENARIOS = new LinkedHashMap<>();

  static {
    register(PlacementLookupScenario::new);
    register(ShardedThroughputScenario::new);
    register(JournalThroughputScenario::new);
    register(RouterThroughputScenario::new);
    register(SlowRouteeScenario::new);
    register(ShardMovementScenario::new);
    register(FailoverScenario::new);
  }

  private ScenarioCatalog() {}

  private static void register(Supplier<Scenario> scenario) {
    SCENARIOS.put(scenario.get().name(), scenario);
  }

  public static List<String> names() {
    return List.copyOf(SCENARIOS.keySet());
  }

  /** The scenario named {@code name}; the error lists the known names. */
  public static Scenario get(String name) {
    Supplier<Scenario> scenario = SCENARIOS.get(name);
    if (scenario == null) {
      throw new IllegalArgumentException("unknown scenario '" + name + "'; known: " + String.join(", ", names()) + ", all");
    }
    return scenario.get();
  }
}
