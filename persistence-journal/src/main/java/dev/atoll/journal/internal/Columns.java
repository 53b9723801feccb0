package dev.atoll.journal.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;

/**
 * The RocksDB column families of a {@link LogStore}, one per kind of record (see {@link Keys} for
 * the key layouts). Keeping kinds apart lets each be scanned without skipping the others. A store
 * written before a column existed gets it, empty, when it is next opened.
 */
final class Columns {

  static final String HIGHEST = "highest";
  static final String TIPS = "tips";
  static final String TAG_HEADS = "tag-heads";

  static final List<String> NAMES =
      List.of("default", "events", HIGHEST, "tags", TAG_HEADS, "snapshots", TIPS, "shard-states");

  final ColumnFamilyHandle defaultColumn;
  final ColumnFamilyHandle events;
  final ColumnFamilyHandle highest;
  final ColumnFamilyHandle tags;
  final ColumnFamilyHandle tagHeads;
  final ColumnFamilyHandle snapshots;
  final ColumnFamilyHandle tips;
  final ColumnFamilyHandle shardStates;

  Columns(List<ColumnFamilyHandle> handles) {
    this.defaultColumn = handles.get(0);
    this.events = handles.get(1);
    this.highest = handles.get(2);
    this.tags = handles.get(3);
    this.tagHeads = handles.get(4);
    this.snapshots = handles.get(5);
    this.tips = handles.get(6);
    this.shardStates = handles.get(7);
  }

  static List<ColumnFamilyDescriptor> descriptors(ColumnTuning tuning) {
    return NAMES.stream()
        .map(
            name ->
                new ColumnFamilyDescriptor(
                    name.equals("default")
                        ? RocksDB.DEFAULT_COLUMN_FAMILY
                        : name.getBytes(StandardCharsets.UTF_8),
                    tuning.optionsFor(name)))
        .toList();
  }

  List<ColumnFamilyHandle> all() {
    return List.of(
        defaultColumn, events, highest, tags, tagHeads, snapshots, tips, shardStates);
  }
}
