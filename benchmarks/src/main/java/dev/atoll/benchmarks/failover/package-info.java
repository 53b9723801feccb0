/**
 * The {@code failover} scenario: three node JVMs on this machine, one SIGKILLed, and the time until
 * the ledgers it hosted answer again. Atoll runs {@code bin/atoll node --app ledger}; the baseline
 * is {@link dev.atoll.benchmarks.failover.PekkoLedgerNode}, plain Pekko sharding on a shared
 * PostgreSQL jdbc journal with the split brain resolver, serving the same HTTP API, so that one
 * driver ({@link dev.atoll.benchmarks.failover.FailoverRound}) measures both the same way.
 */
@NullMarked
package dev.atoll.benchmarks.failover;

import org.jspecify.annotations.NullMarked;
