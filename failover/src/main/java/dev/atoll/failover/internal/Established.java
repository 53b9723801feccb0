package dev.atoll.failover.internal;

import dev.atoll.failover.ShardConfig;
import dev.atoll.journal.spi.Epoch;
import dev.atoll.journal.spi.LogTip;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * A shard this node serves as the established primary of {@code config}'s epoch: what the
 * journal's write path needs, readable from any thread without locks.
 *
 * @param config the epoch, this node as primary, and the replica set
 * @param backups the endpoints of the replica set's other members, in the config's order
 * @param acksNeeded backup acknowledgements a write needs (the write quorum minus this node's copy)
 * @param tipsAtStart each log's tip when the epoch was established: what the first write of a
 *     persistence id in this epoch follows
 */
record Established(
    ShardConfig config,
    List<ActorRef<Wire.ToReplica>> backups,
    int acksNeeded,
    Map<String, LogTip> tipsAtStart,
    ConcurrentHashMap<String, Long> writtenInEpoch) {

  static Established of(ShardConfig config, List<ActorRef<Wire.ToReplica>> backups, int acksNeeded, Map<String, LogTip> tips) {
    return new Established(config, List.copyOf(backups), acksNeeded, Map.copyOf(tips), new ConcurrentHashMap<>());
  }

  Epoch epoch() {
    return config.epoch();
  }

  /**
   * The epoch of the entry {@code sequenceNr} of {@code persistenceId} that a new write follows,
   * without a read: either this epoch wrote it, or it is the tip the log had when the epoch began.
   */
  Epoch epochBefore(String persistenceId, long sequenceNr) {
    if (sequenceNr == 0) {
      return Epoch.NONE;
    }
    Long written = writtenInEpoch.get(persistenceId);
    if (written != null && written >= sequenceNr) {
      return config.epoch();
    }
    LogTip start = tipsAtStart.getOrDefault(persistenceId, LogTip.EMPTY);
    return start.sequenceNr() == sequenceNr ? start.epoch() : config.epoch();
  }

  void wrote(String persistenceId, long sequenceNr) {
    writtenInEpoch.merge(persistenceId, sequenceNr, Math::max);
  }
}
