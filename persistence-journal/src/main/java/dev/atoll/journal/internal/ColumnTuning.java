package dev.atoll.journal.internal;

import java.util.Properties;
import java.util.Set;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.ConfigOptions;

/**
 * The RocksDB options of each column family, sized and set for how it is written.
 *
 * <p>The writer thread is the journal's serial step, and most of its CPU goes into memtable
 * inserts: the skip-list search of each insert, whose cost on machines with slow memory is the
 * cache misses of its deeper levels (about 200 ns each on a 2-core KVM guest beyond 16 MB; see
 * benchmarks/RESULTS.md). Two settings cut it:
 *
 * <ul>
 *   <li>Memtable sizes. With RocksDB's default 64 MB buffers an event cost about 17 µs of writer
 *       CPU on such a guest, about 12 µs with the sizes below. The columns whose keys are
 *       rewritten on every write (a tip per persistence id, a head per tag) hold many versions of
 *       few keys, which a flush collapses into a small file, so their memtables can be small; the
 *       event columns trade a little more flush and compaction work for memtables that stay
 *       nearer the caches.
 *   <li>Insert hints for the rewritten columns ({@code memtable_insert_with_hint_prefix_extractor}
 *       with the whole key as the prefix): the memtable remembers where each key was last
 *       inserted, and a key's next version goes right beside its last one, so the insert skips
 *       the search from the top of the skip list. The writer is the only thread writing, which is
 *       the case RocksDB uses hints in. Only RocksDB's options-string parser reaches this option
 *       from Java, hence the properties below.
 * </ul>
 */
final class ColumnTuning implements AutoCloseable {

  /** Columns with one key per persistence id or tag, rewritten by every write to it. */
  private static final Set<String> REWRITTEN_COLUMNS = Set.of(Columns.TIPS, Columns.TAG_HEADS);

  private static final long BULK_WRITE_BUFFER_BYTES = 16L << 20;
  private static final long REWRITTEN_WRITE_BUFFER_BYTES = 4L << 20;

  private final ColumnFamilyOptions bulk =
      new ColumnFamilyOptions().setWriteBufferSize(BULK_WRITE_BUFFER_BYTES);
  private final ColumnFamilyOptions rewritten = rewrittenColumnOptions();

  ColumnFamilyOptions optionsFor(String column) {
    return REWRITTEN_COLUMNS.contains(column) ? rewritten : bulk;
  }

  private static ColumnFamilyOptions rewrittenColumnOptions() {
    Properties properties = new Properties();
    properties.setProperty("write_buffer_size", Long.toString(REWRITTEN_WRITE_BUFFER_BYTES));
    // rocksdb.Noop: the prefix is the whole key, so the hint is per key
    properties.setProperty("memtable_insert_with_hint_prefix_extractor", "rocksdb.Noop");
    try (ConfigOptions parser = new ConfigOptions()) {
      ColumnFamilyOptions options = ColumnFamilyOptions.getColumnFamilyOptionsFromProps(parser, properties);
      if (options == null) {
        throw new IllegalStateException("RocksDB did not accept the journal's column options " + properties);
      }
      return options;
    }
  }

  @Override
  public void close() {
    bulk.close();
    rewritten.close();
  }
}
