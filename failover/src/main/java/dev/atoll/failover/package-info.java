/**
 * Primary/backup failover for the journal: {@code ShardReplicator} (the journal's Replicator
 * implementation), {@code ReplicaEndpoint}, epochs and fencing, catch-up and re-replication, as
 * ARCHITECTURE.md describes. Not built yet.
 */
@NullMarked
package dev.atoll.failover;

import org.jspecify.annotations.NullMarked;
