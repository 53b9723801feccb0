package dev.atoll.benchmarks.harness;

import java.time.Duration;

/**
 * How long and how often to measure.
 *
 * @param warmUpRounds rounds per contender whose figures are discarded (JIT, caches, connections)
 * @param rounds measured rounds per contender
 * @param roundLength how long one round runs, for scenarios measured over time
 * @param quick whether the user asked for a quick run (scenarios may shrink their workload)
 */
public record RoundSettings(int warmUpRounds, int rounds, Duration roundLength, boolean quick) {

  public RoundSettings {
    if (warmUpRounds < 0 || rounds < 1 || roundLength.isNegative() || roundLength.isZero()) {
      throw new IllegalArgumentException(
          "need warmUpRounds >= 0, rounds >= 1 and a positive round length, got " + this);
    }
  }

  /** Full runs: 2 warm-up rounds, 5 measured rounds of 5 s. */
  public static RoundSettings fullRun() {
    return new RoundSettings(2, 5, Duration.ofSeconds(5), false);
  }

  /** Quick runs: 1 warm-up round, 3 measured rounds of 1 s. */
  public static RoundSettings quickRun() {
    return new RoundSettings(1, 3, Duration.ofSeconds(1), true);
  }
}
