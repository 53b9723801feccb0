package dev.atoll.journal.internal;

import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * One write request's contribution to a group commit: it adds its puts and deletes to the shared
 * {@link WriteBatch}. Runs on the writer thread only, in submission order.
 */
interface Mutation {

  /**
   * Adds this request's writes to {@code batch}. May throw {@link Rejected} to refuse the request
   * (it then fails alone, with the rejection's cause); it MUST do so before it changes
   * {@code batch} or {@code state}. Any other exception fails the whole batch.
   */
  void addTo(WriteBatch batch, WriterState state) throws RocksDBException;

  /**
   * True if {@link #addTo} will read stored records (not just the writer state) to decide what to
   * write; the writer then commits everything gathered before it first, so the read sees it.
   * Asked on the writer thread right before {@link #addTo}, with {@code state} including the
   * requests gathered before it.
   */
  default boolean readsStore(WriterState state) throws RocksDBException {
    return false;
  }

  /**
   * True if this request must be fsynced before it completes, whatever the store's sync mode:
   * the writer then syncs the batch that holds it.
   */
  default boolean mustSync() {
    return false;
  }

  /** Thrown by {@link #addTo} to fail its request, and only it, with {@code getCause()}. */
  final class Rejected extends RuntimeException {

    private static final long serialVersionUID = 1L;

    Rejected(RuntimeException cause) {
      super(cause.getMessage(), cause, false, false);
    }
  }
}
