/**
 * The side-by-side benchmark harness behind {@code bin/atoll-bench}: a {@link
 * dev.atoll.benchmarks.harness.Scenario} names Atoll and its baselines as {@link
 * dev.atoll.benchmarks.harness.Contender}s; {@link dev.atoll.benchmarks.harness.BenchRunner}
 * alternates them over warm-up and measured rounds; {@link
 * dev.atoll.benchmarks.harness.ReportWriter} writes JSON, Markdown and PNG charts.
 */
@NullMarked
package dev.atoll.benchmarks.harness;

import org.jspecify.annotations.NullMarked;
