package dev.atoll.journal.internal;

import java.util.Set;
import org.rocksdb.ColumnFamilyOptions;

/**
 * The RocksDB options of each column family, sized for how it is written.
 *
 * <p>Every event write inserts into three memtables (events, highest, tips), and on machines with
 * slow memory the skip-list search of a large memtable dominates the writer thread: with RocksDB's
 * default 64 MB buffers, about 17 µs of writer CPU per event on a 2-core KVM guest whose memory
 * latency beyond 16 MB is about 200 ns, against about 12 µs with the sizes below (see
 * benchmarks/RESULTS.md). The columns whose keys are rewritten on every write (a tip per persistence
 * id, a head per tag) hold many versions of few keys, which a flush collapses into a small file, so
 * their memtables can be small; the event columns trade a little more flush and compaction work
 * for memtables that stay nearer the caches.
 */
final class ColumnTuning implements AutoCloseable {

  /** Columns with one key per persistence id or tag, rewritten by every write to it. */
  private static final Set<String> REWRITTEN_COLUMNS = Set.of(Columns.HIGHEST, Columns.TIPS, Columns.TAG_HEADS);

  private static final long BULK_WRITE_BUFFER_BYTES = 16L << 20;
  private static final long REWRITTEN_WRITE_BUFFER_BYTES = 4L << 20;

  private final ColumnFamilyOptions bulk =
      new ColumnFamilyOptions().setWriteBufferSize(BULK_WRITE_BUFFER_BYTES);
  private final ColumnFamilyOptions rewritten =
      new ColumnFamilyOptions().setWriteBufferSize(REWRITTEN_WRITE_BUFFER_BYTES);

  ColumnFamilyOptions optionsFor(String column) {
    return REWRITTEN_COLUMNS.contains(column) ? rewritten : bulk;
  }

  @Override
  public void close() {
    bulk.close();
    rewritten.close();
  }
}
