package dev.atoll.benchmarks.harness;

import java.util.List;

/**
 * A benchmark scenario: one figure measured for Atoll and for each baseline, in the same run.
 *
 * <p>Implementations must:
 *
 * <ol>
 *   <li>create fresh contenders on every call of {@link #contenders()}, the Atoll one first;
 *   <li>measure the same workload on every contender, so that their ratio means something;
 *   <li>keep set-up (starting JVMs, actor systems, databases) out of {@link Contender#runRound}.
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

  /** Atoll first, then the baselines. */
  List<Contender> contenders() throws Exception;
}
