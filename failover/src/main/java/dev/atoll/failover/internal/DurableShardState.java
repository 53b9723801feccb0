package dev.atoll.failover.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atoll.failover.ShardConfig;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * What a member stores durably for one shard before it answers a {@link Wire.Prepare} or {@link
 * Wire.Commit}: the configuration it promised and the latest one it recorded as established. A
 * promise that did not survive a crash would let the member promise an older candidate again,
 * which is exactly how two primaries could both reach a quorum.
 */
record DurableShardState(ShardConfig promised, ShardConfig committed) {

  // Fields added by later versions are ignored, so that a node can read what a newer one stored.
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  static DurableShardState initial() {
    return new DurableShardState(ShardConfig.none(), ShardConfig.none());
  }

  byte[] encode() {
    try {
      return JSON.writeValueAsBytes(this);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static DurableShardState decode(int shard, byte[] bytes) {
    try {
      return JSON.readValue(bytes, DurableShardState.class);
    } catch (IOException e) {
      throw new IllegalStateException(
          "the stored failover state of shard " + shard + " cannot be read (" + e.getMessage()
              + "); the journal directory is damaged", e);
    }
  }
}
