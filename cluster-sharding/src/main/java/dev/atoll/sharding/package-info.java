/**
 * Atoll's sharding, for users: {@link dev.atoll.sharding.ShardTable} (where every shard lives, by
 * consistent hashing, with its backups) and its {@link dev.atoll.sharding.MovementPlan}s,
 * {@link dev.atoll.sharding.ConsistentHashingAllocationStrategy} (Pekko's shard allocation that
 * follows the table), and the entity API: {@link dev.atoll.sharding.Entities},
 * {@link dev.atoll.sharding.EntitySpec} and {@link dev.atoll.sharding.EntityContext}, which start
 * plain Pekko behaviors as sharded entities.
 */
@NullMarked
package dev.atoll.sharding;

import org.jspecify.annotations.NullMarked;
