/**
 * The journal's implementation, free to change between releases: the RocksDB
 * {@link dev.atoll.journal.internal.LogStore} with its group-commit writer, the mutations it
 * applies (appends, tail writes, shard states), key layout, record codec and layout upgrade, the
 * extension that shares one store per ActorSystem, settings, the Replicator loader, serialization
 * and the read journal's queries. No other module may use this package.
 */
@NullMarked
package dev.atoll.journal.internal;

import org.jspecify.annotations.NullMarked;
