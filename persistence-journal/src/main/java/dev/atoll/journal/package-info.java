/**
 * Atoll's embedded event journal for Pekko Persistence: the journal plugin
 * ({@link dev.atoll.journal.AtollJournal}, plugin id {@code atoll.journal}), the snapshot store
 * ({@link dev.atoll.journal.AtollSnapshotStore}, {@code atoll.snapshot-store}) and the read
 * journal ({@link dev.atoll.journal.AtollReadJournal}, {@code atoll.query}), all backed by one
 * RocksDB store per node. Every key is documented in this module's {@code reference.conf}.
 */
@NullMarked
package dev.atoll.journal;

import org.jspecify.annotations.NullMarked;
