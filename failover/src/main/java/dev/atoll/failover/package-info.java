/**
 * Primary/backup failover for the journal, as docs/adr/0001 describes. Built so far: the protocol
 * core in {@code internal} ({@code ReplicaState}, {@code Candidate}, {@code Primary}) as pure state
 * machines, checked by a seeded simulation with crashes, pauses, lost messages and competing
 * candidates. Not built yet: the actors that carry its messages ({@code ShardReplicator}, the
 * journal's {@code Replicator}; {@code ReplicaEndpoint}), durable storage of its state in the
 * journal, re-replication and the management view.
 */
@NullMarked
package dev.atoll.failover;

import org.jspecify.annotations.NullMarked;
