package dev.atoll.failover.internal;

import dev.atoll.failover.FailoverSettings;
import dev.atoll.failover.ShardConfig;
import dev.atoll.journal.AtollJournalStorage;
import dev.atoll.journal.spi.Epoch;
import dev.atoll.journal.spi.LogTip;
import dev.atoll.journal.spi.ReplicatedEvent;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * Brings one backup's copy of a shard up to the primary's: for every log whose tip differs, it
 * sends the missing events in chunks, starting after the last entry the backup holds, and backs
 * off (halving) when the backup's entry there differs, until the backup's log has the primary's as
 * a prefix. Used to fill the replica set of a new epoch, to re-replicate to new members, and to
 * catch up a backup that missed writes (a restarted node, a lost message).
 *
 * <p>It uses the same {@link Wire.Replicate} as live writes, so the backup applies the same rules:
 * it accepts only the promised epoch's primary and never rewrites an entry that matches.
 */
final class BackupSync {

  private final int shard;
  private final ShardConfig config;
  private final String self;
  private final String backup;
  private final FailoverSettings settings;
  private final AtollJournalStorage storage;
  private final Topology topology;
  private final Scheduler scheduler;
  private final Executor blocking;

  BackupSync(int shard, ShardConfig config, String self, String backup, FailoverSettings settings,
      AtollJournalStorage storage, Topology topology, Scheduler scheduler, Executor blocking) {
    this.shard = shard;
    this.config = config;
    this.self = self;
    this.backup = backup;
    this.settings = settings;
    this.storage = storage;
    this.topology = topology;
    this.scheduler = scheduler;
    this.blocking = blocking;
  }

  /** Asks the backup for its tips first, then syncs ({@code includeLive}: see {@link #run(Map, boolean)}). */
  CompletionStage<Void> run(boolean includeLive) {
    return askTips().thenComposeAsync(reply -> run(reply.tips(), includeLive), blocking);
  }

  /**
   * Like {@link #run(boolean)}, for the primary of an <em>established</em> epoch: a backup that
   * still holds an older promise missed this epoch's promise round and its commit (it was down,
   * leaving, or restarting when they ran) and refuses every write of this epoch. Nothing else would
   * ever tell it: the replica set is unchanged, so no new epoch starts. So the backup is first sent
   * the commit again (recording an established epoch is idempotent, and the backup refuses it if it
   * has promised a newer one), then synced. Never for an epoch still being promoted: a commit
   * before the log is on a write quorum would record an epoch that is not established.
   */
  CompletionStage<Void> runEstablished(boolean includeLive) {
    return askTips().thenComposeAsync(reply -> {
      Epoch promised = reply.promised().epoch();
      if (promised.isAfter(config.epoch())) {
        throw new Promotion.Failed(backup + " promised the newer epoch " + promised, promised);
      }
      CompletionStage<Void> recorded = reply.promised().equals(config) ? CompletableFuture.completedFuture(null) : recordCommit(promised);
      return recorded.thenComposeAsync(v -> run(reply.tips(), includeLive), blocking);
    }, blocking);
  }

  private CompletionStage<Wire.TipsReply> askTips() {
    return AskPattern.ask(
        topology.endpoint(backup), replyTo -> new Wire.GetTips(shard, replyTo), settings.promotionRoundTimeout(), scheduler);
  }

  private CompletionStage<Void> recordCommit(Epoch backupPromised) {
    return AskPattern.<Wire.ToReplica, Wire.CommitReply>ask(
            topology.endpoint(backup), replyTo -> new Wire.Commit(shard, config, replyTo), settings.promotionRoundTimeout(), scheduler)
        .thenApply(reply -> {
          if (!reply.committed()) {
            throw new Promotion.Failed(backup + " refused to record epoch " + config.epoch() + " (it promised " + reply.epoch() + ")",
                reply.epoch());
          }
          return null;
        });
  }

  /** Syncs every log whose tip at the backup ({@code backupTips}) differs from ours. */
  CompletionStage<Void> run(Map<String, LogTip> backupTips) {
    return run(backupTips, true);
  }

  /**
   * Syncs every log whose tip at the backup differs from ours; with {@code includeLive} false,
   * skips logs the backup already holds in this epoch: they are receiving this epoch's live writes
   * (they only look behind because writes are in flight), and a gap in them is reported by the
   * backup itself when the next write does not follow.
   */
  CompletionStage<Void> run(Map<String, LogTip> backupTips, boolean includeLive) {
    CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
    for (Map.Entry<String, LogTip> own : storage.tips(shard).entrySet()) {
      String pid = own.getKey();
      LogTip theirs = backupTips.getOrDefault(pid, LogTip.EMPTY);
      boolean live = theirs.epoch().equals(config.epoch());
      if (!theirs.equals(own.getValue()) && (includeLive || !live)) {
        chain = chain.thenComposeAsync(v -> syncLog(pid, Math.min(theirs.sequenceNr(), own.getValue().sequenceNr())), blocking);
      }
    }
    return chain;
  }

  private CompletionStage<Void> syncLog(String pid, long after) {
    LogTip own = storage.tip(pid);
    long from = Math.min(after, own.sequenceNr());
    Epoch fromEpoch = from == 0 ? Epoch.NONE : storage.epochOf(pid, from).orElse(Epoch.NONE);
    List<ReplicatedEvent> events = storage.read(pid, from + 1, settings.catchUpBatchSize());
    long last = events.isEmpty() ? from : events.get(events.size() - 1).event().sequenceNr();
    Wire.PidWrite write = new Wire.PidWrite(pid, from, fromEpoch, events, last >= own.sequenceNr());
    return AskPattern.<Wire.ToReplica, Wire.ReplicateAnswer>ask(
            topology.endpoint(backup),
            replyTo -> new Wire.Replicate(shard, config.epoch(), self, 0L, List.of(write), replyTo),
            settings.writeTimeout(),
            scheduler)
        .thenApply(answer -> answer.replies().get(0)) // one Replicate, one reply
        .thenComposeAsync(reply -> {
          if (reply.refusedBy().isAfter(config.epoch()) || (!reply.stored() && !reply.refusedBy().equals(Epoch.NONE))) {
            throw new Promotion.Failed(backup + " refused epoch " + config.epoch() + " (it promised " + reply.refusedBy() + ")",
                reply.refusedBy());
          }
          if (!reply.stored()) {
            throw new Promotion.Failed(backup + " could not store a catch-up write of " + pid, Epoch.NONE);
          }
          if (!reply.mismatches().isEmpty()) {
            LogTip theirs = reply.mismatches().get(0).replicaTip();
            if (theirs.epoch().equals(config.epoch()) && theirs.sequenceNr() >= from) {
              return CompletableFuture.<Void>completedFuture(null); // it is receiving this epoch's live writes
            }
            if (theirs.sequenceNr() < from) {
              return syncLog(pid, theirs.sequenceNr()); // the backup is further behind than we thought
            }
            if (from == 0) {
              throw new Promotion.Failed(backup + " keeps refusing " + pid + " from the start", Epoch.NONE);
            }
            return syncLog(pid, from / 2); // its entry at `from` differs: a divergent tail, look earlier
          }
          if (events.isEmpty()) {
            return CompletableFuture.<Void>completedFuture(null);
          }
          long reached = events.get(events.size() - 1).event().sequenceNr();
          return reached >= storage.tip(pid).sequenceNr() ? CompletableFuture.<Void>completedFuture(null) : syncLog(pid, reached);
        }, blocking);
  }
}
