package dev.atoll.benchmarks.harness;

import java.util.List;
import java.util.Map;

/**
 * One side of a side-by-side benchmark: Atoll, or the setup a user would pick instead. It is set up
 * once per run (start actor systems, open stores), measured in several rounds that alternate with
 * the other contenders, and closed at the end.
 */
public interface Contender extends AutoCloseable {

  /** A short name for tables and charts, e.g. "atoll" or "pekko-inmem". */
  String name();

  /**
   * Runs one measured round and returns its figure in the scenario's unit. Called for warm-up
   * rounds too (their figures are discarded).
   */
  double runRound(RoundSettings round) throws Exception;

  /**
   * Runs one round of a scenario with several {@link Scenario#figures() figures} and returns the
   * value of each, by figure name. The default reports {@link #runRound} as the only figure;
   * contenders of multi-figure scenarios override it.
   */
  default Map<String, Double> runRound(RoundSettings round, List<Figure> figures) throws Exception {
    if (figures.size() != 1) {
      throw new IllegalStateException(name() + " reports one figure but the scenario has " + figures);
    }
    return Map.of(figures.get(0).name(), runRound(round));
  }

  /** Whether this contender could not be set up at all; then {@link #skipReason()} says why. */
  default boolean skipped() {
    return false;
  }

  default String skipReason() {
    return "";
  }

  @Override
  default void close() throws Exception {}

  /**
   * A contender that could not be set up (a database that would not install or start, say): the
   * report lists it as skipped with {@code reason} instead of dropping it silently.
   */
  static Contender skipped(String name, String reason) {
    return new Contender() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public double runRound(RoundSettings round) {
        throw new IllegalStateException(name + " is skipped: " + reason);
      }

      @Override
      public boolean skipped() {
        return true;
      }

      @Override
      public String skipReason() {
        return reason;
      }
    };
  }
}
