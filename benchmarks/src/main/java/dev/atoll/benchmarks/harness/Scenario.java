package dev.atoll.benchmarks.harness;

import java.util.List;

/**
 * A benchmark scenario: one or more figures measured for Atoll and for each baseline, in the same
 * run.
 *
 * <p>Implementations must:
 *
 * <ol>
 *   <li>create fresh contenders on every call of {@link #contenders()}, the Atoll one first;
 *   <li>measure the same workload on every contender, so that their ratio means something;
 *   <li>keep set-up (starting JVMs, actor systems, databases) out of the measured figures;
 *   <li>report a baseline that cannot be set up as {@link Contender#skipped}, never drop it.
 * </ol>
 */
public interface Scenario {

  /** The name used on the command line and in file names, e.g. "sharded-throughput". */
  String name();

  /** One sentence: what is measured, on what workload. */
  String description();

  /** The unit of the figure, e.g. "msg/s" or "ms". */
  String unit();

  /** Whether a larger figure is better (throughput) or worse (latency, time to recover). */
  boolean higherIsBetter();

  /**
   * The figures one round yields, each reported with its own table rows, JSON and chart. Default:
   * one figure, named after the scenario, in {@link #unit()}.
   */
  default List<Figure> figures() {
    return List.of(new Figure(name(), unit(), higherIsBetter()));
  }

  /**
   * The rounds this scenario runs when the user asked for {@code requested}: scenarios whose rounds
   * take a minute each (a failover) run fewer of them and skip the warm-up.
   */
  default RoundSettings roundSettings(RoundSettings requested) {
    return requested;
  }

  /** Atoll first, then the baselines. */
  List<Contender> contenders() throws Exception;
}
