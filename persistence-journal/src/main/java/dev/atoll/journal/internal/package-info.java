/**
 * The journal's implementation, free to change between releases: the RocksDB
 * {@link dev.atoll.journal.internal.LogStore} with its group-commit writer, key layout and record
 * codec, the extension that shares one store per ActorSystem, settings, serialization and the
 * read journal's queries. No other module may use this package.
 */
@NullMarked
package dev.atoll.journal.internal;

import org.jspecify.annotations.NullMarked;
