package dev.atoll.journal.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The byte layout of every RocksDB key the {@link LogStore} writes. RocksDB orders keys bytewise,
 * so every number is big-endian and non-negative, and every string is length-prefixed: that makes
 * the events of one persistence id one contiguous range, ordered by sequence number, inside the
 * contiguous range of its shard, and the tips of one shard one contiguous range.
 *
 * <pre>
 * column         key                                                  value
 * events         shard:int32 | len:int32 | persistenceId:utf8 | seq:int64   an event ({@link RecordCodec})
 * highest        persistenceId:utf8                                   empty (layout 3; a layout-2 store's old seq:int64 is ignored)
 * tips           shard:int32 | len:int32 | persistenceId:utf8         seq:int64 | epoch ({@link RecordCodec#encodeTip})
 * tags           len:int32 | tag:utf8 | tagOffset:int64               an events key
 * tag-heads      tag:utf8                                             tagOffset:int64
 * snapshots      len:int32 | persistenceId:utf8 | seq:int64           a snapshot ({@link RecordCodec})
 * shard-states   shard:int32                                          opaque bytes of the replication protocol
 * default        "layout"                                             int32: {@link #LAYOUT_VERSION} once tips exist
 * </pre>
 *
 * <p>{@code tips} holds each persistence id's highest sequence number with the epoch of the event
 * there, keyed by shard so a shard's tips are one range scan; it outlives deleted events
 * (deleteEventsTo never lowers it) and only a truncating tail write lowers it. {@code highest}
 * (named for what it held up to layout 2) is the index of every persistence id ever written,
 * ordered by id for the persistenceIds query: a key is put on the id's first write only, so
 * the writer does not rewrite it with every event.
 */
final class Keys {

  private Keys() {}

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** The prefix shared by every event key of {@code persistenceId}. */
  static byte[] eventPrefix(int shard, String persistenceId) {
    byte[] pid = utf8(persistenceId);
    return ByteBuffer.allocate(8 + pid.length).putInt(shard).putInt(pid.length).put(pid).array();
  }

  static byte[] eventKey(int shard, String persistenceId, long sequenceNr) {
    return withLong(eventPrefix(shard, persistenceId), sequenceNr);
  }

  /** The smallest key after every event key of {@code persistenceId} (its prefix, plus one). */
  static byte[] eventPrefixSuccessor(int shard, String persistenceId) {
    return withLong(eventPrefix(shard, persistenceId), -1L); // 0xFF..FF sorts after any seqNr
  }

  /** The prefix shared by every event key of one shard. */
  static byte[] shardPrefix(int shard) {
    return ByteBuffer.allocate(4).putInt(shard).array();
  }

  static long sequenceNrOfEventKey(byte[] key) {
    return ByteBuffer.wrap(key, key.length - 8, 8).getLong();
  }

  static String persistenceIdOfEventKey(byte[] key) {
    int length = ByteBuffer.wrap(key, 4, 4).getInt();
    return new String(key, 8, length, StandardCharsets.UTF_8);
  }

  /** The key of a persistence id's tip: the same bytes as its events' prefix, in its own column. */
  static byte[] tipKey(int shard, String persistenceId) {
    return eventPrefix(shard, persistenceId);
  }

  static String persistenceIdOfTipKey(byte[] key) {
    return persistenceIdOfEventKey(key);
  }

  static byte[] shardStateKey(int shard) {
    return shardPrefix(shard);
  }

  static int shardOfShardStateKey(byte[] key) {
    return ByteBuffer.wrap(key).getInt();
  }

  /** The key, in the default column, of the store's layout version. */
  static final byte[] LAYOUT_KEY = utf8("layout");

  /**
   * Version 2: events carry their epoch and tag offsets, and every persistence id has a tip.
   * Version 3: the highest sequence number is read from the tip only; {@code highest} is no
   * longer kept up to date, so a release that reads it (version 2) must not open the store.
   */
  static final int LAYOUT_VERSION = 3;

  /** The value of an entry in the persistence-id index ({@code highest}): only its key matters. */
  static final byte[] PERSISTENCE_ID_INDEX_VALUE = new byte[0];

  static byte[] tagPrefix(String tag) {
    byte[] bytes = utf8(tag);
    return ByteBuffer.allocate(4 + bytes.length).putInt(bytes.length).put(bytes).array();
  }

  static byte[] tagKey(String tag, long tagOffset) {
    return withLong(tagPrefix(tag), tagOffset);
  }

  static long tagOffsetOfTagKey(byte[] key) {
    return ByteBuffer.wrap(key, key.length - 8, 8).getLong();
  }

  static byte[] snapshotPrefix(String persistenceId) {
    byte[] pid = utf8(persistenceId);
    return ByteBuffer.allocate(4 + pid.length).putInt(pid.length).put(pid).array();
  }

  static byte[] snapshotKey(String persistenceId, long sequenceNr) {
    return withLong(snapshotPrefix(persistenceId), sequenceNr);
  }

  static long sequenceNrOfSnapshotKey(byte[] key) {
    return ByteBuffer.wrap(key, key.length - 8, 8).getLong();
  }

  static byte[] longValue(long value) {
    return ByteBuffer.allocate(8).putLong(value).array();
  }

  static long readLong(byte[] value) {
    return ByteBuffer.wrap(value).getLong();
  }

  static boolean startsWith(byte[] key, byte[] prefix) {
    if (key.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (key[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static byte[] withLong(byte[] prefix, long value) {
    return ByteBuffer.allocate(prefix.length + 8).put(prefix).putLong(value).array();
  }
}
