package dev.atoll.failover.internal;

import dev.atoll.journal.spi.LogTip;

import dev.atoll.journal.spi.Epoch;
import dev.atoll.failover.ShardConfig;
import dev.atoll.failover.internal.Messages.Mismatch;
import dev.atoll.failover.internal.Messages.Prepare;
import dev.atoll.failover.internal.Messages.PrepareReply;
import dev.atoll.failover.internal.Messages.Promise;
import dev.atoll.failover.internal.Messages.Refusal;
import dev.atoll.failover.internal.Messages.Stored;
import dev.atoll.failover.internal.Messages.Write;
import dev.atoll.failover.internal.Messages.WriteReply;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one member durably holds for one shard, and the rules by which it changes: its promise, the
 * latest configuration it recorded as established, and (if it is a replica) the shard's logs. Every
 * cluster member keeps the first two for every shard, so that a candidate asking a majority of the
 * members always learns the latest established configuration. Pure: the caller makes every change
 * durable (one synced write) before it sends the reply.
 *
 * <p>Invariants:
 *
 * <ol>
 *   <li>{@code promised} never decreases; a write is accepted only from {@code promised}'s epoch
 *       and primary, so once a replica promised a new epoch, an older primary is refused.
 *   <li>Log matching: a write is applied only if the replica holds the entry it follows; an entry
 *       that conflicts (same sequence number, other epoch) is truncated with everything after it.
 *       Hence two replicas holding the same {@code (sequenceNr, epoch)} hold the same prefix.
 *   <li>Entries are never rewritten in place: a duplicate write is acknowledged without change.
 * </ol>
 *
 * <p>This is the model the seeded simulation checks; {@link ReplicaEndpoint} applies the same rules
 * to the journal's storage.
 */
public final class ReplicaState<E> {

  private final String self;
  private ShardConfig promised = ShardConfig.none();
  private ShardConfig committed = ShardConfig.none();
  private final Map<String, List<LogEntry<E>>> logs = new HashMap<>();

  public ReplicaState(String self) {
    this.self = self;
  }

  public String self() {
    return self;
  }

  public ShardConfig promised() {
    return promised;
  }

  public ShardConfig committed() {
    return committed;
  }

  public PrepareReply onPrepare(Prepare prepare) {
    ShardConfig proposed = prepare.proposed();
    if (proposed.equals(promised)) {
      // A candidate asking again (its first reply was lost): the same promise, the same report.
      return new Promise(self, proposed.epoch(), committed, committed, tips());
    }
    if (!proposed.epoch().isAfter(promised.epoch())) {
      return new Refusal(self, promised.epoch());
    }
    ShardConfig before = promised;
    promised = proposed;
    return new Promise(self, proposed.epoch(), before, committed, tips());
  }

  public WriteReply onWrite(Write<E> write) {
    if (!write.epoch().equals(promised.epoch()) || !write.primary().equals(promised.primary())) {
      return new Refusal(self, promised.epoch());
    }
    List<LogEntry<E>> log = logs.computeIfAbsent(write.persistenceId(), pid -> new ArrayList<>());
    long previous = write.previousSequenceNr();
    if (previous > 0 && (previous > log.size() || !log.get((int) previous - 1).epoch().equals(write.previousEpoch()))) {
      return new Mismatch(self, write.persistenceId(), Math.min(log.size(), previous - 1));
    }
    for (LogEntry<E> entry : write.entries()) {
      int index = (int) entry.sequenceNr() - 1;
      if (index < log.size()) {
        if (log.get(index).epoch().equals(entry.epoch())) {
          continue; // already stored: a retry
        }
        log.subList(index, log.size()).clear(); // a tail no quorum acknowledged
      }
      if (index != log.size()) {
        throw new IllegalArgumentException("write of " + write.persistenceId() + " skips from " + log.size() + " to " + entry.sequenceNr());
      }
      log.add(entry);
    }
    long matched = write.entries().isEmpty() ? previous : write.entries().get(write.entries().size() - 1).sequenceNr();
    return new Stored(self, write.persistenceId(), matched);
  }

  /**
   * Records that {@code config}'s epoch is established, unless this member has promised a later
   * epoch since (then the commit must not count towards the majority: a later candidate may not
   * have seen it).
   */
  public Messages.CommitReply onCommit(Messages.Commit commit) {
    ShardConfig config = commit.config();
    if (config.epoch().isBefore(promised.epoch())) {
      return new Refusal(self, promised.epoch());
    }
    promised = config;
    if (config.epoch().isAfter(committed.epoch())) {
      committed = config;
    }
    return new Messages.Committed(self, config.epoch());
  }

  public Map<String, LogTip> tips() {
    Map<String, LogTip> tips = new HashMap<>();
    logs.forEach((pid, log) -> {
      if (!log.isEmpty()) {
        LogEntry<E> last = log.get(log.size() - 1);
        tips.put(pid, new LogTip(last.sequenceNr(), last.epoch()));
      }
    });
    return tips;
  }

  public List<LogEntry<E>> log(String persistenceId) {
    return Collections.unmodifiableList(logs.getOrDefault(persistenceId, List.of()));
  }

  public Map<String, List<LogEntry<E>>> logs() {
    Map<String, List<LogEntry<E>>> copy = new HashMap<>();
    logs.forEach((pid, log) -> copy.put(pid, List.copyOf(log)));
    return copy;
  }

  /** Replaces a log with another replica's more up-to-date copy (the candidate's read repair). */
  void adopt(String persistenceId, List<LogEntry<E>> log) {
    logs.put(persistenceId, new ArrayList<>(log));
  }
}
