package dev.atoll.journal.internal;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What a {@link LogStore} needs to open: where, how durably, and how shards are computed.
 *
 * @param directory the RocksDB data directory (absolute)
 * @param syncMode when the write-ahead log is fsynced
 * @param syncInterval the fsync period for {@link SyncMode#INTERVAL}
 * @param maxRequestsPerCommit the most write requests gathered into one group commit
 * @param numberOfShards the number of shards persistence ids are hashed into
 */
public record LogStoreSettings(
    Path directory,
    SyncMode syncMode,
    Duration syncInterval,
    int maxRequestsPerCommit,
    int numberOfShards) {

  /** Durable defaults (sync = batch, 256 shards) for {@code directory}; handy in tests and tools. */
  public static LogStoreSettings of(Path directory) {
    return new LogStoreSettings(
        directory.toAbsolutePath().normalize(), SyncMode.BATCH, Duration.ofMillis(100), 1024, 256);
  }

  public LogStoreSettings withSyncMode(SyncMode mode) {
    return new LogStoreSettings(directory, mode, syncInterval, maxRequestsPerCommit, numberOfShards);
  }

  public LogStoreSettings withNumberOfShards(int shards) {
    return new LogStoreSettings(directory, syncMode, syncInterval, maxRequestsPerCommit, shards);
  }
}
