/**
 * What plugin authors implement to extend Atoll's sharding: {@link dev.atoll.sharding.spi.ShardReadiness},
 * which gates planned shard moves until the target is ready. Each interface lists its guarantees as
 * numbered MUSTs.
 */
@NullMarked
package dev.atoll.sharding.spi;

import org.jspecify.annotations.NullMarked;
