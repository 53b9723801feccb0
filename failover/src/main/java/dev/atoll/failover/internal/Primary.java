package dev.atoll.failover.internal;

import dev.atoll.journal.spi.LogTip;

import dev.atoll.failover.ShardConfig;
import dev.atoll.failover.internal.Messages.Mismatch;
import dev.atoll.failover.internal.Messages.Refusal;
import dev.atoll.failover.internal.Messages.Stored;
import dev.atoll.failover.internal.Messages.Write;
import dev.atoll.failover.internal.Messages.WriteReply;
import dev.atoll.journal.spi.Epoch;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The primary's side of replication for one shard, as a pure state machine over its own
 * {@link ReplicaState}: it builds the writes that bring each backup's logs up to its own, learns
 * from replies how far each backup matches, and says when an entry is stored on a write quorum.
 *
 * <p>Before it is {@link #established()}, the same machinery pushes the repaired log to the new
 * replica set; once a write quorum of the replica set matches the whole log, the primary asks every
 * member to record the commit, and the epoch is established (and may acknowledge entity writes)
 * once a majority of the cluster's members did.
 *
 * <p>This is the model the seeded simulation checks. The runtime applies the same rules to the
 * journal's storage: {@link ShardReplicator} for live writes, {@link BackupSync} for catch-up and
 * {@link Promotion} for filling a new epoch's replicas.
 */
public final class Primary<E> {

  private final ReplicaState<E> own;
  private final ShardConfig config;
  private final QuorumPolicy quorums;
  /** Per backup, per persistence id: how far its log is known to match ours. */
  private final Map<String, Map<String, Long>> matched = new HashMap<>();
  /** Per backup, per persistence id: where to send from next (after a mismatch, earlier). */
  private final Map<String, Map<String, Long>> nextFrom = new HashMap<>();
  private final Set<String> commits = new HashSet<>();
  private Epoch refusedBy;
  private boolean established;

  /**
   * The primary of {@code config} ({@code own.promised()} must be it), knowing from the promise
   * round where each backup's logs end ({@code knownTips}; unknown backups start from our end).
   */
  public Primary(ReplicaState<E> own, ShardConfig config, QuorumPolicy quorums, Map<String, Map<String, LogTip>> knownTips) {
    if (!own.promised().equals(config) || !config.primary().equals(own.self())) {
      throw new IllegalArgumentException(own.self() + " has not promised " + config);
    }
    this.own = own;
    this.config = config;
    this.quorums = quorums;
    for (String backup : backups()) {
      Map<String, Long> next = new HashMap<>();
      own.tips().forEach((pid, tip) -> {
        LogTip theirs = knownTips.getOrDefault(backup, Map.of()).get(pid);
        next.put(pid, theirs == null ? tip.sequenceNr() : Math.min(theirs.sequenceNr(), tip.sequenceNr()));
      });
      nextFrom.put(backup, next);
      matched.put(backup, new HashMap<>());
    }
  }

  public ShardConfig config() {
    return config;
  }

  public List<String> backups() {
    return config.replicas().subList(1, config.replicas().size());
  }

  /**
   * Appends a new event to our own log in this epoch and returns its sequence number, or nothing
   * if our own replica has meanwhile promised a newer epoch (we are deposed; see {@link
   * #deposedBy()}).
   */
  public java.util.OptionalLong append(String persistenceId, E event) {
    if (!own.promised().equals(config)) {
      refusedBy = own.promised().epoch();
      return java.util.OptionalLong.empty();
    }
    List<LogEntry<E>> log = own.log(persistenceId);
    long sequenceNr = log.size() + 1L;
    Epoch previousEpoch = log.isEmpty() ? Epoch.NONE : log.get(log.size() - 1).epoch();
    WriteReply reply =
        own.onWrite(new Write<>(config.epoch(), own.self(), persistenceId, sequenceNr - 1, previousEpoch,
            List.of(new LogEntry<>(sequenceNr, config.epoch(), event))));
    if (!(reply instanceof Stored)) {
      throw new IllegalStateException(own.self() + " could not append to its own log: " + reply);
    }
    return java.util.OptionalLong.of(sequenceNr);
  }

  /** The writes that would bring {@code backup}'s logs up to ours (empty when it matches). */
  public List<Write<E>> writesFor(String backup) {
    List<Write<E>> writes = new java.util.ArrayList<>();
    Map<String, Long> next = nextFrom.get(backup);
    for (Map.Entry<String, LogTip> tip : own.tips().entrySet()) {
      String pid = tip.getKey();
      long have = matched.get(backup).getOrDefault(pid, -1L);
      if (have == tip.getValue().sequenceNr()) {
        continue;
      }
      List<LogEntry<E>> log = own.log(pid);
      long from = Math.min(next.getOrDefault(pid, 0L), log.size());
      Epoch previousEpoch = from == 0 ? Epoch.NONE : log.get((int) from - 1).epoch();
      writes.add(new Write<>(config.epoch(), own.self(), pid, from, previousEpoch, log.subList((int) from, log.size())));
    }
    return writes;
  }

  /** Learns from a backup's reply. */
  public void onReply(WriteReply reply) {
    if (reply instanceof Stored stored) {
      matched.get(stored.from()).merge(stored.persistenceId(), stored.sequenceNr(), Math::max);
      nextFrom.get(stored.from()).merge(stored.persistenceId(), stored.sequenceNr(), Math::max);
    } else if (reply instanceof Mismatch mismatch) {
      // Back off: the backup lacks the entry we built on; resend from where its log ends, or one
      // earlier than we tried, whichever is earlier.
      Map<String, Long> next = nextFrom.get(mismatch.from());
      long tried = next.getOrDefault(mismatch.persistenceId(), 0L);
      next.put(mismatch.persistenceId(), Math.max(0, Math.min(mismatch.highestSequenceNr(), tried - 1)));
    } else if (reply instanceof Refusal refusal && refusal.promised().isAfter(config.epoch())) {
      refusedBy = refusal.promised();
    }
  }

  /** A newer epoch refused us: we are a stale primary and must stop. */
  public Optional<Epoch> deposedBy() {
    return Optional.ofNullable(refusedBy);
  }

  /** Whether {@code persistenceId}'s entry {@code sequenceNr} is on a write quorum (us included). */
  public boolean isStoredOnQuorum(String persistenceId, long sequenceNr) {
    if (!established()) {
      return false;
    }
    int copies = own.log(persistenceId).size() >= sequenceNr ? 1 : 0;
    for (String backup : backups()) {
      if (matched.get(backup).getOrDefault(persistenceId, 0L) >= sequenceNr) {
        copies++;
      }
    }
    return copies >= quorums.writeQuorum(config.replicas().size());
  }

  /**
   * Whether a write quorum of the replica set holds our whole log: then the epoch may be committed
   * (recorded on a majority of the cluster's members, see {@link #onCommitReply}).
   */
  public boolean logIsOnWriteQuorum() {
    Set<String> complete = new HashSet<>();
    complete.add(own.self());
    for (String backup : backups()) {
      boolean all = own.tips().entrySet().stream()
          .allMatch(tip -> matched.get(backup).getOrDefault(tip.getKey(), 0L) >= tip.getValue().sequenceNr());
      if (all) {
        complete.add(backup);
      }
    }
    return refusedBy == null && complete.size() >= quorums.writeQuorum(config.replicas().size());
  }

  /**
   * Counts a member's answer to our {@link Messages.Commit}; once a majority of {@code members}
   * recorded it, the epoch is established and the primary may acknowledge writes.
   */
  public void onCommitReply(Messages.CommitReply reply, List<String> members) {
    if (reply instanceof Messages.Committed committed && committed.epoch().equals(config.epoch())) {
      commits.add(committed.from());
    } else if (reply instanceof Refusal refusal && refusal.promised().isAfter(config.epoch())) {
      refusedBy = refusal.promised();
    }
    long recorded = members.stream().filter(commits::contains).count();
    established = refusedBy == null && recorded >= members.size() / 2 + 1;
  }

  public boolean established() {
    return established && refusedBy == null;
  }
}
