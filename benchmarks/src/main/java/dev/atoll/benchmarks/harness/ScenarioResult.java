package dev.atoll.benchmarks.harness;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one figure of a scenario measured: every round's value per contender, and for each baseline
 * the ratio Atoll / baseline computed round by round (rounds alternate, so round i of Atoll and
 * round i of the baseline ran under the same machine conditions as nearly as possible).
 *
 * @param scenario the figure's name (the scenario's name for single-figure scenarios)
 * @param rounds values per contender that measured at least one round, Atoll first, in round order
 * @param ratios per baseline, the stats of {@code atoll[i] / baseline[i]} over the rounds i both
 *     completed
 * @param skipped per contender that was skipped or stopped failing, why (its completed rounds, if
 *     any, are still in {@code rounds})
 */
public record ScenarioResult(
    String scenario,
    String description,
    String unit,
    boolean higherIsBetter,
    Map<String, List<Double>> rounds,
    Map<String, Stats> ratios,
    Map<String, String> skipped) {

  /** A scenario that could not run at all, e.g. its contenders failed to start. */
  public static ScenarioResult failed(Scenario scenario, String reason) {
    return new ScenarioResult(
        scenario.name(), scenario.description(), scenario.unit(), scenario.higherIsBetter(),
        Map.of(), Map.of(), Map.of("(all contenders)", reason));
  }

  public Map<String, Stats> statsByContender() {
    Map<String, Stats> stats = new LinkedHashMap<>();
    rounds.forEach((name, values) -> stats.put(name, Stats.of(values)));
    return stats;
  }
}
