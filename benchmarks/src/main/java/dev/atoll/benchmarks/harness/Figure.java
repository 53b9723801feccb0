package dev.atoll.benchmarks.harness;

/**
 * One figure a scenario reports for every contender, e.g. "failover-median" in seconds. Most
 * scenarios have one figure, named after the scenario; some measure several in the same round (the
 * median and the max of a failover), so that a round's costly set-up is paid once.
 *
 * @param name the name in tables and file names, unique within a run
 * @param unit e.g. "msg/s" or "s"
 * @param higherIsBetter whether a larger figure is better (throughput) or worse (a time)
 */
public record Figure(String name, String unit, boolean higherIsBetter) {}
