/**
 * Benchmarks of the embedded journal (persistence-journal module): persisted events per second
 * against Pekko's in-memory journal ({@link dev.atoll.benchmarks.journal.JournalThroughputBenchmark})
 * and recovery times ({@link dev.atoll.benchmarks.journal.JournalRecoveryBenchmark}).
 */
@NullMarked
package dev.atoll.benchmarks.journal;

import org.jspecify.annotations.NullMarked;
