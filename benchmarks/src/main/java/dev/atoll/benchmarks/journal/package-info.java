/**
 * Benchmarks of the embedded journal (persistence-journal module): persisted events per second
 * against Pekko's in-memory journal ({@link dev.atoll.benchmarks.journal.JournalThroughputBenchmark}),
 * recovery times ({@link dev.atoll.benchmarks.journal.JournalRecoveryBenchmark}), and the
 * throughput of the failover module's replicated journal on a three-node cluster against the same
 * cluster without replication ({@link dev.atoll.benchmarks.journal.ReplicatedJournalBenchmark}).
 */
@NullMarked
package dev.atoll.benchmarks.journal;

import org.jspecify.annotations.NullMarked;
