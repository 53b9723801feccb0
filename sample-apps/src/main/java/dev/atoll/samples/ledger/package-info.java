/**
 * The ledger sample: an event-sourced, sharded entity holding an append-only list of unique values,
 * with an HTTP API. It is what {@code bin/atoll node --app ledger} runs, what the failover demo
 * writes to, and what the crash tests drive from outside the cluster.
 */
@NullMarked
package dev.atoll.samples.ledger;

import org.jspecify.annotations.NullMarked;
