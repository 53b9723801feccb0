package dev.atoll.benchmarks.harness;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one scenario measured: every round's figure per contender, and for each baseline the ratio
 * Atoll / baseline computed round by round (rounds alternate, so round i of Atoll and round i of the
 * baseline ran under the same machine conditions as nearly as possible).
 *
 * @param rounds figures per contender, Atoll first, in round order
 * @param ratios per baseline, the stats of {@code atoll[i] / baseline[i]} over rounds i
 */
public record ScenarioResult(
    String scenario,
    String description,
    String unit,
    boolean higherIsBetter,
    Map<String, List<Double>> rounds,
    Map<String, Stats> ratios) {

  public String atollName() {
    return rounds.keySet().iterator().next();
  }

  public Map<String, Stats> statsByContender() {
    Map<String, Stats> stats = new LinkedHashMap<>();
    rounds.forEach((name, values) -> stats.put(name, Stats.of(values)));
    return stats;
  }
}
