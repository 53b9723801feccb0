package dev.atoll.journal.internal;

import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * One write request's contribution to a group commit: it adds its puts and deletes to the shared
 * {@link WriteBatch}. Runs on the writer thread only.
 */
interface Mutation {

  void addTo(WriteBatch batch, WriterState state) throws RocksDBException;

  /**
   * True if {@link #addTo} reads stored records (not just the writer state) to decide what to
   * write; the writer then commits everything gathered before it first, so the read sees it.
   */
  default boolean readsStore() {
    return false;
  }
}
