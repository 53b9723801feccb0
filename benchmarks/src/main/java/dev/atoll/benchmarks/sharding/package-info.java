/**
 * Benchmarks of Atoll's sharding: shard movement on a join against Pekko's least-shard allocation
 * ({@link dev.atoll.benchmarks.sharding.RebalanceMovesBenchmark}) and message throughput to sharded
 * entities against raw Pekko sharding ({@link dev.atoll.benchmarks.sharding.EntityThroughputBenchmark}).
 */
@NullMarked
package dev.atoll.benchmarks.sharding;

import org.jspecify.annotations.NullMarked;
