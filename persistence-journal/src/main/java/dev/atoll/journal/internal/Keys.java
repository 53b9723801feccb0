package dev.atoll.journal.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The byte layout of every RocksDB key the {@link LogStore} writes. RocksDB orders keys bytewise,
 * so every number is big-endian and non-negative, and every string is length-prefixed: that makes
 * the events of one persistence id one contiguous range, ordered by sequence number, inside the
 * contiguous range of its shard.
 *
 * <pre>
 * events     shard:int32 | len:int32 | persistenceId:utf8 | sequenceNr:int64
 * highest    persistenceId:utf8                                   (value: int64)
 * tags       len:int32 | tag:utf8 | tagOffset:int64               (value: an events key)
 * tag-heads  tag:utf8                                             (value: int64)
 * snapshots  len:int32 | persistenceId:utf8 | sequenceNr:int64
 * </pre>
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
