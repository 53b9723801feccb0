package dev.atoll.failover;

import dev.atoll.journal.spi.Epoch;
import java.util.List;

/**
 * A shard this node serves (or is trying to serve) as primary.
 *
 * @param shard the shard number
 * @param state {@code establishing} (a promotion is under way), {@code unavailable} (too few old
 *     replicas answered; see {@code detail}) or {@code established} (it serves writes)
 * @param epoch the epoch it serves ({@link Epoch#NONE} before the first is established)
 * @param replicas the epoch's replica set, this node first
 * @param completeBackups backups known to hold the whole log
 * @param underReplicated fewer than {@code replication-factor} complete copies exist
 * @param detail why it is not established, if it is not
 * @since 0.1.0
 */
public record ShardStatus(
    int shard, String state, Epoch epoch, List<String> replicas, int completeBackups, boolean underReplicated, String detail) {

  public ShardStatus {
    replicas = List.copyOf(replicas);
  }
}
