package dev.atoll.benchmarks.harness;

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

  @Override
  default void close() throws Exception {}
}
